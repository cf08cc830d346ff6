package dev.mcpedge.autoconfigure;

import java.lang.reflect.Method;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bean the library defines backs off when the application defines its own: by type, or by
 * name for beans of a type several parties contribute (router functions, WebFlux configurers, Lettuce
 * customizers), where a bean of the same type does not mean a replacement.
 */
class ReplaceableBeansTests {

	@Test
	void beansWhenDefinedByTheLibraryThenEachBacksOffForTheApplicationsOwn() {
		Stream<Method> beans = Stream.of(McpEdgeAutoConfiguration.class, McpEdgeRedisClientConfiguration.class,
				McpEdgeRouteFiltersConfiguration.class)
			.flatMap(configuration -> Stream.of(configuration.getDeclaredMethods()))
			.filter(method -> method.isAnnotationPresent(Bean.class));
		assertThat(beans).hasSizeGreaterThan(30).allSatisfy(bean -> {
			ConditionalOnMissingBean condition = bean.getAnnotation(ConditionalOnMissingBean.class);
			assertThat(condition).as(bean.getName()).isNotNull();
			if (condition.name().length > 0) {
				assertThat(condition.name()).as(bean.getName()).containsExactly(bean.getName());
			}
		});
	}
}
