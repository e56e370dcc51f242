// @hey-api/openapi-ts as a partner would run it: the served document in, a fetch client out.
// The test sets KIPNI_OPENAPI_URL and KIPNI_CLIENT_OUT; the validator reports every issue
// it finds in the document, and the test fails on any.
export default {
  input: process.env.KIPNI_OPENAPI_URL,
  output: process.env.KIPNI_CLIENT_OUT,
  parser: { validate_EXPERIMENTAL: true },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  logs: { level: 'warn', file: false },
};
