"""The public contact form and the staff inbox behind it."""
