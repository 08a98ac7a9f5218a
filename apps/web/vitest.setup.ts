// Server code validates its environment (env.ts). Integration tests need DATABASE_URL (and
// REDIS_URL) from the caller — `npm test` points them at the test database; the secrets and URLs
// below only fill what a bare `vitest` run lacks, and never override the caller's values.
process.env.NEXTAUTH_SECRET ??= "test-nextauth-secret-0123456789abcdef0123456789";
process.env.COLLAB_SECRET ??= "test-collab-secret-0123456789abcdef0123456789ab";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
process.env.REDIS_URL ??= "redis://127.0.0.1:6379/1";
