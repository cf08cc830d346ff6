package dev.mcpedge.gateway.dashboard;

import dev.mcpedge.autoconfigure.DashboardProperties;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Stops the start when only half of the dashboard's client is configured ({@link DashboardProperties}: an
 * issuer without a client id, or a client id without an issuer): such a gateway would otherwise start
 * without the dashboard its operator asked for, and say nothing. Checked before any bean is created, so
 * the start fails at once, before Redis or the server port are touched.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSettingsCheck {

	@Bean
	static BeanFactoryPostProcessor dashboardHalfConfigurationCheck(Environment environment) {
		return beanFactory -> {
			DashboardProperties settings = Binder.get(environment).bindOrCreate(DashboardProperties.PREFIX, DashboardProperties.class);
			String missing = settings.missing();
			if (missing != null) {
				throw new DashboardHalfConfiguredException(missing);
			}
		};
	}
}
