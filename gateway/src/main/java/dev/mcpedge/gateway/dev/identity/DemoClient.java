package dev.mcpedge.gateway.dev.identity;

/**
 * The confidential client registered from the start, for the client credentials grant: a service
 * acting for an organization without a user. Its secret is generated at each start.
 *
 * @param clientId the client id, also the tokens' {@code sub}
 * @param secret the client secret, generated
 * @param organization the organization in the tokens' {@code org_id} claim
 */
public record DemoClient(String clientId, String secret, String organization) {

	static DemoClient generate() {
		return new DemoClient("demo-service", DemoUser.secret(32), "org_demo");
	}

	@Override
	public String toString() {
		return "DemoClient[" + clientId + ", " + organization + "]";
	}
}
