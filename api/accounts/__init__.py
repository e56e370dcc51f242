"""Users, API clients, tokens and sign-in."""
