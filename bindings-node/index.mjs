// ESM entry point: the same objects as the CommonJS entry.
import offsession from './index.js'

export const {
  Client,
  Webhook,
  StripeError,
  CardError,
  InvalidRequestError,
  AuthenticationError,
  PermissionError,
  RateLimitError,
  IdempotencyError,
  APIError,
  APIConnectionError,
  SignatureVerificationError,
  InvalidInputError,
  InvalidStateError,
  AbortError,
  STRIPE_VERSION,
} = offsession
export default offsession
