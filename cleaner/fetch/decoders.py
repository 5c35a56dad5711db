"""Content-Encoding decoding that stops at a size cap instead of at the end of the bomb.

httpx decodes any number of stacked encodings without a limit: a 405-byte brotli body became
256 MiB in a single chunk. ``BoundedDecoder`` decodes in steps of at most ``_STEP`` bytes per
layer (zlib's ``max_length`` with ``unconsumed_tail``, brotli's ``output_buffer_limit`` with
``can_accept_more_data``), counts as it goes, and raises ``BodyTooLargeError`` as soon as the
decoded body passes the cap, so memory stays within about the cap plus one step.

The fetcher reads undecoded chunks (``response.aiter_raw()``) and feeds them here::

    decoder = BoundedDecoder(response.headers.get("content-encoding"), settings.max_body_bytes)
    body = b"".join([decoder.feed(chunk) async for chunk in response.aiter_raw()])
    body += decoder.flush()
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from typing import Protocol

import brotli

from cleaner.errors import BodyTooLargeError, ContentDecodingError

__all__ = ["ACCEPT_ENCODING", "MAX_LAYERS", "BoundedDecoder"]

#: The ``Accept-Encoding`` to send: exactly what ``BoundedDecoder`` can decode (no zstd).
ACCEPT_ENCODING = "gzip, deflate, br"

#: Stacked encodings decoded at most ("gzip, br" is two). Real servers use one; more is a bomb.
MAX_LAYERS = 2

# Largest piece one layer produces per call; the cap is overshot by at most about this much
# (brotli rounds its output buffer up, to ~1.5 times).
_STEP = 64 * 1024


class _Layer(Protocol):
    def decode(self, data: bytes) -> Iterator[bytes]:
        """Everything ``data`` decodes to so far, in pieces of about ``_STEP`` bytes."""
        ...

    def finish(self) -> None:
        """Raise ``ContentDecodingError`` if the stream ended before its end marker."""
        ...


class _ZlibLayer:
    """gzip (``wbits`` 31) or zlib-wrapped / raw deflate (15 / -15)."""

    def __init__(self, name: str, wbits: int) -> None:
        self._name = name
        self._wbits = wbits
        self._decompressor: zlib._Decompress | None = None
        self._eof = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        # Data after the end of the stream is ignored, as httpx and browsers do.
        if self._eof or not data:
            return
        if self._decompressor is None:
            self._decompressor = zlib.decompressobj(self._wbits)
        decompressor = self._decompressor
        pending = data
        while True:
            try:
                out = decompressor.decompress(pending, _STEP)
            except zlib.error as exc:
                raise ContentDecodingError(f"corrupt {self._name} data: {exc}") from None
            if out:
                yield out
            pending = decompressor.unconsumed_tail
            if decompressor.eof:
                self._eof = True
                return
            # Less than a full step and no input left: nothing more without more input.
            if not pending and len(out) < _STEP:
                return

    def finish(self) -> None:
        if self._decompressor is not None and not self._eof:
            raise ContentDecodingError(f"{self._name} data ended early (truncated body?)")


class _DeflateLayer(_ZlibLayer):
    """``deflate`` is meant to be zlib-wrapped (RFC 9110) but many servers send raw deflate.

    The first two bytes tell: a zlib header has compression method 8 and is a multiple of 31.
    """

    def __init__(self) -> None:
        super().__init__("deflate", zlib.MAX_WBITS)
        self._head = b""

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._decompressor is None and not self._eof:
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            if not (data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0):
                self._wbits = -zlib.MAX_WBITS
        yield from super().decode(data)

    def finish(self) -> None:
        if self._head:
            raise ContentDecodingError("deflate data ended early (truncated body?)")
        super().finish()


class _BrotliLayer:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()
        self._started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        if not data or self._decompressor.is_finished():
            return
        self._started = True
        out = self._process(data)
        # After a full buffer, brotli must be asked with empty input until it has nothing left.
        while out:
            yield out
            if self._decompressor.is_finished():
                return
            out = self._process(b"")

    def finish(self) -> None:
        if self._started and not self._decompressor.is_finished():
            raise ContentDecodingError("br data ended early (truncated body?)")

    def _process(self, data: bytes) -> bytes:
        try:
            out: bytes = self._decompressor.process(data, output_buffer_limit=_STEP)
        except brotli.error as exc:
            raise ContentDecodingError(f"corrupt br data: {exc}") from None
        return out


_LAYERS: dict[str, Callable[[], _Layer]] = {
    "gzip": lambda: _ZlibLayer("gzip", zlib.MAX_WBITS | 16),
    "x-gzip": lambda: _ZlibLayer("gzip", zlib.MAX_WBITS | 16),
    "deflate": _DeflateLayer,
    "br": _BrotliLayer,
}


class BoundedDecoder:
    """Decodes a body's ``Content-Encoding`` while it streams, up to ``limit`` decoded bytes.

    ``content_encoding`` is the header as sent: ``None``, ``"identity"``, ``"gzip"``,
    ``"x-gzip"``, ``"deflate"``, ``"br"``, or two of them stacked (``"gzip, br"``: gzip was
    applied first, so br is decoded first). Raises ``ContentDecodingError`` at once for
    unknown or too many encodings, and while streaming for corrupt or truncated data;
    ``BodyTooLargeError`` as soon as the decoded body would pass ``limit``. The compressed
    input and any intermediate layer are capped too (at ``limit`` plus a small allowance for
    incompressible data), so a stream of empty deflate blocks cannot spin forever.
    """

    def __init__(self, content_encoding: str | None, limit: int, *, url: str = "") -> None:
        self._url = url
        self._layers = self._parse(content_encoding)
        self._limit = limit
        self._input_limit = limit + limit // 64 + 64 * 1024
        self._received = 0
        self._intermediate = 0
        self._produced = 0

    def feed(self, chunk: bytes) -> bytes:
        """The decoded bytes ``chunk`` completes (often empty, never more than about 64 KiB
        past the limit)."""
        self._received += len(chunk)
        if self._layers and self._received > self._input_limit:
            raise BodyTooLargeError(
                f"compressed body passed {self._input_limit} bytes", url=self._url
            )
        return self._collect(self._push(0, chunk))

    def flush(self) -> bytes:
        """Check that every layer reached its end; every byte was already returned by feed."""
        for layer in self._layers:
            try:
                layer.finish()
            except ContentDecodingError as exc:
                raise ContentDecodingError(exc.reason, url=self._url) from None
        return b""

    def _parse(self, content_encoding: str | None) -> list[_Layer]:
        names = [name.strip().lower() for name in (content_encoding or "").split(",")]
        names = [name for name in names if name and name != "identity"]
        if len(names) > MAX_LAYERS:
            raise ContentDecodingError(
                f"{len(names)} stacked Content-Encodings (at most {MAX_LAYERS})", url=self._url
            )
        for name in names:
            if name not in _LAYERS:
                raise ContentDecodingError(f"unsupported Content-Encoding {name!r}", url=self._url)
        return [_LAYERS[name]() for name in reversed(names)]

    def _push(self, index: int, data: bytes) -> Iterator[bytes]:
        """Run ``data`` through layers ``index`` onwards, one bounded piece at a time."""
        if index == len(self._layers):
            yield data
            return
        last = index == len(self._layers) - 1
        for piece in self._layers[index].decode(data):
            if not last:
                self._intermediate += len(piece)
                if self._intermediate > self._input_limit:
                    raise BodyTooLargeError(
                        f"inner encoded body passed {self._input_limit} bytes", url=self._url
                    )
            yield from self._push(index + 1, piece)

    def _collect(self, pieces: Iterator[bytes]) -> bytes:
        out: list[bytes] = []
        try:
            for piece in pieces:
                self._produced += len(piece)
                if self._produced > self._limit:
                    raise BodyTooLargeError(
                        f"decoded body passed {self._limit} bytes", url=self._url
                    )
                out.append(piece)
        except ContentDecodingError as exc:
            if exc.url or not self._url:
                raise
            raise ContentDecodingError(exc.reason, url=self._url) from None
        return b"".join(out)
