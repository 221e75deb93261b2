// JWTs of the storage service: the caller's bearer token and the tokens of
// signed URLs, all HS256 with the project's JWT secret.
import type http from "node:http";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { API_ROLES, type ApiRole, type Caller } from "./db.ts";
import { errors } from "./errors.ts";

export class TokenService {
  private readonly key: Uint8Array;

  constructor(jwtSecret: string) {
    this.key = new TextEncoder().encode(jwtSecret);
  }

  // Verifies a token and returns its claims. The error messages are those
  // of the jsonwebtoken package that storage-api reports.
  async verify(token: string): Promise<Record<string, unknown>> {
    if (token === "") {
      throw new Error("jwt must be provided");
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
      });

      return payload as Record<string, unknown>;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new Error("jwt expired");
      }
      if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
        throw new Error("invalid signature");
      }
      throw new Error("jwt malformed");
    }
  }

  async sign(
    claims: Record<string, unknown>,
    expiresInSeconds: number,
  ): Promise<string> {
    const issuedAt = Math.floor(Date.now() / 1000);

    return new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + expiresInSeconds)
      .sign(this.key);
  }

  // Returns the caller of a request from its `Authorization: Bearer` JWT.
  // A missing or invalid token is rejected as storage-api rejects it.
  async callerOf(req: http.IncomingMessage): Promise<Caller> {
    const header = req.headers.authorization ?? "";
    const token = header.replace(/^Bearer\s+/i, "");
    let claims: Record<string, unknown>;
    try {
      claims = await this.verify(token);
    } catch (error) {
      throw errors.accessDenied((error as Error).message);
    }
    const role = claims.role;
    if (typeof role !== "string" || !API_ROLES.includes(role as ApiRole)) {
      throw errors.accessDenied(
        `role ${JSON.stringify(role)} is not one of ${API_ROLES.join(", ")}`,
      );
    }
    const sub = typeof claims.sub === "string" ? claims.sub : undefined;

    return { role: role as ApiRole, claims, sub };
  }
}
