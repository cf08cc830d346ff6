package dev.mcpedge.gateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.mcpedge.gateway.McpEdgeApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.ContextCustomizerFactories;

/**
 * The gateway on a random port against the test JVM's redis-server and a {@link TestBackend} of its
 * own. The backend belongs to the test's application context ({@link EdgeBackends}): it starts and
 * stops with that context, not with a test class, so a cached context never points at a stopped
 * server. Inject it as {@code @Autowired TestBackend backend} and the port as {@code @LocalServerPort}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextCustomizerFactories(EdgeBackends.class)
public @interface EdgeIntegrationTest {

	/** Settings of this test's gateway, as in {@link SpringBootTest#properties()}. */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * Whether test-mode traffic goes to a second backend, the bean {@code sandbox}
	 * ({@code mcp-edge.backend.test-url}).
	 */
	boolean sandbox() default false;

	/**
	 * Whether the gateway trusts a {@link TestIssuer} of its own, the bean {@code issuer}, as
	 * {@code mcp-edge.oauth.issuers[0]} with the organization in the {@code org_id} claim. A test that
	 * needs more issuer settings registers the whole list itself: a list binds from one property source.
	 * Default true: the default endpoints include {@code /api/mcp/oauth}, and an OAuth endpoint without
	 * a trusted issuer stops the start; with false the test configures its endpoints or issuers itself.
	 */
	boolean issuer() default true;
}
