package dev.mcpedge.gateway.dev.identity;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.context.support.StandardServletEnvironment;

/**
 * The running development identity provider: {@link IdentityProviderConfiguration} in a servlet
 * application context of its own (Tomcat) on {@code 127.0.0.1}, not a child of the gateway's. It is a
 * plain context, not a {@code SpringApplication}: its environment holds only the port and address,
 * never the gateway's settings, files or environment variables, and no listener or initializer of the
 * class path runs, so it neither reads the gateway's configuration nor re-initializes its logging.
 */
public final class DevelopmentIdentityProvider implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DevelopmentIdentityProvider.class);

	private final IdentityProviderSettings settings;

	private final ConfigurableApplicationContext context;

	private DevelopmentIdentityProvider(IdentityProviderSettings settings, ConfigurableApplicationContext context) {
		this.settings = settings;
		this.context = context;
	}

	/** Starts the provider on the port of {@code settings.issuer()}. */
	static DevelopmentIdentityProvider start(IdentityProviderSettings settings) {
		StandardServletEnvironment environment = new StandardServletEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("development-identity-provider",
					Map.of("server.address", "127.0.0.1", "server.port", settings.issuer().getPort())));
		AnnotationConfigServletWebServerApplicationContext context = new AnnotationConfigServletWebServerApplicationContext();
		context.setEnvironment(environment);
		context.getBeanFactory().registerSingleton("identityProviderSettings", settings);
		context.register(IdentityProviderConfiguration.class);
		try {
			context.refresh();
		}
		catch (RuntimeException ex) {
			context.close();
			throw ex;
		}
		logger.info("Development identity provider listening on " + settings.issuer());
		return new DevelopmentIdentityProvider(settings, context);
	}

	/** Whether the provider starts with this environment: development mode and no issuer configured. */
	public static boolean wanted(Environment environment) {
		return DevelopmentIssuer.wanted(environment);
	}

	/** Its issuer identifier, {@code http://127.0.0.1:<port>}. */
	public URI issuer() {
		return settings.issuer();
	}

	/** The users who can sign in, the first of them a user of {@code org_demo}. */
	public List<DemoUser> users() {
		return settings.users();
	}

	/** The confidential client for the client credentials grant. */
	public DemoClient client() {
		return settings.client();
	}

	/** The key dashboard's OpenID Connect client. */
	public DashboardClient dashboard() {
		return settings.dashboard();
	}

	@Override
	public void close() {
		context.close();
	}
}
