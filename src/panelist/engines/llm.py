"""The ``llm`` engine: any OpenAI-compatible chat model writes the evaluation.

Configuration is settings, not code: base URL, model and the name of the environment variable
holding the key (see ``panelist.settings`` and the README). Every reply is validated into an
evaluation; an invalid one is retried and then reported as an error for that answer, never
replaced by a made-up score. Quotes that are not in the answer are dropped. A server that cannot
be reached is given up after a few requests (``max_consecutive_failures``), and a key from the
environment about to be sent unencrypted to another machine raises :class:`InsecureKeyWarning`.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from typing import Any, ClassVar
from urllib.parse import urlparse

from pydantic import Field

from panelist.cache import EvaluationCache, cache_key
from panelist.engines.base import Engine, EngineOptions, EvaluationRequest
from panelist.errors import InputError, InsecureKeyWarning, InvalidModelOutputError
from panelist.guard import enforce
from panelist.llm.client import ChatClient, ClientConfig
from panelist.llm.prompt import get_prompt
from panelist.llm.reply import flags_of, ground, parse_reply, reply_schema
from panelist.models import Evaluation, Flag, Point
from panelist.secrets import scrub
from panelist.settings import StructuredOutput, get_settings

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


class LLMOptions(EngineOptions):
    """Options of the LLM engine; unset ones come from the settings (``PANELIST_LLM_*``)."""

    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None
    api_key: str | None = Field(None, repr=False, description="Explicit key; never logged.")
    structured_output: StructuredOutput | None = None
    timeout: float | None = Field(None, gt=0)
    max_retries: int | None = Field(None, ge=0)
    backoff: float | None = Field(None, ge=0)
    concurrency: int | None = Field(None, ge=1)
    max_consecutive_failures: int | None = Field(None, ge=0)
    temperature: float | None = Field(None, ge=0, le=2)
    max_tokens: int | None = Field(None, ge=64)
    cache: bool | None = None


def resolve_key(base_url: str, explicit: str | None, env_name: str) -> str | None:
    """The API key: passed explicitly, else from the named environment variable.

    Servers on this machine (Ollama, llama.cpp, vLLM) need none; a remote server without a key
    is an error that says how to set one.
    """
    if explicit:
        return explicit
    value = os.environ.get(env_name)
    if value:
        return value
    if (urlparse(base_url).hostname or "") in _LOCAL_HOSTS:
        return None
    raise InputError(
        f"no API key for {base_url}: set the environment variable {env_name}, "
        "or name another one with PANELIST_LLM_API_KEY_ENV (or -O api_key_env=NAME)"
    )


def is_local(host: str) -> bool:
    """Whether ``host`` is this machine (localhost, a loopback address)."""
    if host in _LOCAL_HOSTS or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_if_exposed(base_url: str, env_name: str) -> None:
    """Warn when the key from ``env_name`` would go unencrypted to another machine."""
    url = urlparse(base_url)
    if url.scheme != "https" and not is_local(url.hostname or ""):
        warnings.warn(
            f"the API key from {env_name} would be sent unencrypted to {scrub(base_url)} (not "
            "HTTPS, not this machine); use an https:// URL, or name a variable with a key meant "
            "for this server in PANELIST_LLM_API_KEY_ENV",
            InsecureKeyWarning,
            stacklevel=2,
        )


def client_config(o: LLMOptions) -> ClientConfig:
    """Where and how to call the model: the options given, the settings for the rest.

    Raises ``InputError`` when a remote server has no key; warns (:class:`InsecureKeyWarning`)
    when a key from the environment would travel unencrypted to another machine.
    """
    settings = get_settings()

    def pick(value: Any, default: Any) -> Any:
        return default if value is None else value

    base_url = pick(o.base_url, settings.llm_base_url)
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(
            f"LLM base URL {scrub(base_url)!r} is not an http:// or https:// address "
            "(e.g. http://127.0.0.1:8080/v1)"
        )
    key_env = pick(o.api_key_env, settings.llm_api_key_env)
    api_key = resolve_key(base_url, o.api_key, key_env)
    if api_key and not o.api_key:
        warn_if_exposed(base_url, key_env)
    return ClientConfig(
        base_url=base_url,
        model=pick(o.model, settings.llm_model),
        api_key=api_key,
        structured_output=pick(o.structured_output, settings.llm_structured_output),
        timeout=pick(o.timeout, settings.llm_timeout),
        max_retries=pick(o.max_retries, settings.llm_max_retries),
        backoff=pick(o.backoff, settings.llm_backoff),
        concurrency=pick(o.concurrency, settings.llm_concurrency),
        max_consecutive_failures=pick(
            o.max_consecutive_failures, settings.llm_max_consecutive_failures
        ),
        temperature=pick(o.temperature, settings.llm_temperature),
        max_tokens=pick(o.max_tokens, settings.llm_max_tokens),
    )


class LLMEngine(Engine):
    """Grades with a chat model behind an OpenAI-compatible API."""

    name: ClassVar[str] = "llm"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = (
        "Any OpenAI-compatible chat model (OpenAI, Ollama, vLLM, llama.cpp)."
    )
    capabilities: ClassVar[frozenset[str]] = frozenset({"network", "feedback", "cache"})
    Options = LLMOptions

    def __init__(
        self, options: EngineOptions | None = None, client: ChatClient | None = None
    ) -> None:
        super().__init__(options)
        assert isinstance(self.options, LLMOptions)
        self.config = client_config(self.options)
        self.client = client or ChatClient(self.config)
        self.prompt = get_prompt()
        settings = get_settings()
        use_cache = settings.cache if self.options.cache is None else self.options.cache
        self.cache = EvaluationCache(settings.cache_dir / "evaluations") if use_cache else None

    @property
    def workers(self) -> int:
        """Answers evaluated in parallel by default."""
        return self.config.concurrency

    def notes(self) -> list[str]:
        """A line saying the server was given up: nothing more was sent to it."""
        breaker = self.client.breaker
        if not breaker.is_open:
            return []
        e = breaker.error()
        return [
            f"LLM server {e.base_url} unreachable after {e.failures} consecutive failures "
            f"({e.cause}); the answers after that were not sent to it"
        ]

    def _key(self, request: EvaluationRequest) -> str:
        parts = {
            "engine": f"{self.name}/{self.version}",
            "base_url": self.config.base_url,
            "model": self.config.model,
            "prompt": self.prompt.version,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        return cache_key(parts, request)

    def evaluate(self, request: EvaluationRequest) -> Evaluation:
        """Judge one answer; grader-addressed text is flagged and capped whatever the reply."""
        return enforce(self.model_evaluation(request), request.answer)

    def model_evaluation(self, request: EvaluationRequest) -> Evaluation:
        """The model's evaluation as it replied, from the cache when the same input was judged."""
        key = self._key(request) if self.cache else ""
        if self.cache and (cached := self.cache.get(key)) is not None:
            return cached
        evaluation = self._ask(request)
        if self.cache:
            self.cache.put(key, evaluation)
        return evaluation

    def _ask(self, request: EvaluationRequest) -> Evaluation:
        messages = self.prompt.messages(request)
        schema = reply_schema()
        problem = ""
        for _ in range(self.config.max_retries + 1):
            completion = self.client.complete(messages, schema)
            try:
                reply = parse_reply(completion.content)
            except InvalidModelOutputError as exc:
                problem = str(exc)
                # Show the model its mistake, as a reviewer would, rather than ask the same again.
                messages = [
                    *self.prompt.messages(request),
                    {"role": "assistant", "content": completion.content[:2000]},
                    {"role": "user", "content": self.prompt.correction.substitute(problem=problem)},
                ]
                continue
            strengths, dropped_s = ground(reply.strengths, request.answer, quote_required=True)
            weaknesses, dropped_w = ground(reply.weaknesses, request.answer, quote_required=False)
            flags = flags_of(reply)
            if reply.truncated:
                flags.append(
                    Flag(
                        code="truncated_reply",
                        message="The model's reply was cut off; only its complete parts were used.",
                    )
                )
            if dropped_s + dropped_w:
                flags.append(
                    Flag(
                        code="ungrounded_feedback",
                        message=f"{dropped_s + dropped_w} point(s) quoted text that is not in the "
                        "answer and were dropped.",
                    )
                )
            return Evaluation(
                question_id=request.question.id,
                score=reply.score,
                strengths=strengths,
                weaknesses=weaknesses,
                improvement_tips=[
                    Point(text=t.strip()) for t in reply.improvement_tips if t.strip()
                ],
                justification=reply.justification.strip(),
                flags=flags,
                engine=self.name,
                engine_version=self.version,
                model=self.config.model,
                prompt_version=self.prompt.version,
                usage=completion.usage,
            )
        raise InvalidModelOutputError(
            f"question {request.question.id}: {self.config.model} gave no valid evaluation in "
            f"{self.config.max_retries + 1} attempts ({self.client.scrub(problem)})"
        )
