"""The public directory: organisations, relations, topics, responsibilities, channels."""
