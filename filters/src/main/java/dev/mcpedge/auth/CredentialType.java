package dev.mcpedge.auth;

/** Kinds of bearer credential an endpoint accepts. */
public enum CredentialType {

	/** An API key issued or imported by mcp-edge. */
	API_KEY,

	/** An OAuth access token (JWT) from a trusted authorization server. */
	OAUTH
}
