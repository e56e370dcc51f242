// The place for "reset second factor" on a user's row. The endpoint
// (POST /api/v1/users/{user_id}/second-factor/reset) is being added; until the generated
// types (src/api/schema.d.ts) carry it, this renders nothing and calls nothing. Once they do,
// build the button here: a confirmation like deactivating, then the POST, then a Feedback.
import type { User } from './queries';

export function SecondFactorReset(_props: { user: User; onDone: (text: string) => void }) {
  return null;
}
