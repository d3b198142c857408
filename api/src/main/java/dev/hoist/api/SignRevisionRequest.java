package dev.hoist.api;

/**
 * The body of {@code PUT /api/v1/applications/{app}/revisions/{id}/signature}.
 *
 * @param signature Base64 Ed25519 signature of the revision's bundle digest with the application name
 * @param publicKey the Base64 body of the signer's public key PEM file ({@code openssl pkey -pubout})
 */
public record SignRevisionRequest(String signature, String publicKey) {
}
