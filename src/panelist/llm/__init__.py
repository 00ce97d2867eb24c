"""Talking to OpenAI-compatible chat-completion servers: client, prompt, replies."""
