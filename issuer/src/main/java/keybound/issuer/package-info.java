/** The bank side: CA, registry and the manual's enrollment rules. */
package keybound.issuer;
