"""BoundedDecoder: decodes what servers send, refuses what they should not, and stops a
decompression bomb at the cap with bounded memory.

The bombs are built here, lazily where they are large, so the tests stay small and fast.
"""

from __future__ import annotations

import gzip
import random
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterable, Iterator

import brotli
import pytest

from cleaner.errors import BodyTooLargeError, ContentDecodingError
from cleaner.fetch.decoders import BoundedDecoder

MiB = 1 << 20
TEXT = b"".join(b"<p>Paragraph %d of a perfectly ordinary article.</p>\n" % i for i in range(3000))


def deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,  # zlib-wrapped, as RFC 9110 says
    "br": lambda data: bytes(brotli.compress(data, quality=5)),
}


def decode(encoding: str | None, data: bytes, limit: int = 10 * MiB, step: int = 0) -> bytes:
    decoder = BoundedDecoder(encoding, limit)
    pieces = [data[i : i + step] for i in range(0, len(data), step)] if step else [data]
    return b"".join(decoder.feed(piece) for piece in pieces) + decoder.flush()


def feed_all(decoder: BoundedDecoder, chunks: Iterable[bytes]) -> None:
    for chunk in chunks:
        decoder.feed(chunk)
    decoder.flush()


def peak_until_raises(expected: type[Exception], action: Callable[[], object]) -> int:
    """Peak Python heap (bytes, zlib's buffers included) while ``action`` runs and raises."""
    tracemalloc.start()
    try:
        with pytest.raises(expected):
            action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- what servers send ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", [None, "", "identity", "IDENTITY "])
def test_identity_passes_bytes_through(encoding: str | None) -> None:
    assert decode(encoding, TEXT, step=1000) == TEXT


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
@pytest.mark.parametrize("step", [0, 1, 7, 4096])
def test_each_encoding_decodes_in_any_chunking(encoding: str, step: int) -> None:
    assert decode(encoding, ENCODERS[encoding](TEXT), step=step) == TEXT


def test_raw_deflate_is_accepted_too() -> None:
    # Many servers send raw deflate under "deflate"; browsers and httpx accept it.
    assert decode("deflate", deflate_raw(TEXT), step=1) == TEXT
    assert decode("deflate", deflate_raw(TEXT)) == TEXT


def test_header_is_case_and_space_insensitive() -> None:
    assert decode(" GZip ", gzip.compress(TEXT)) == TEXT
    assert decode("identity, gzip", gzip.compress(TEXT)) == TEXT


def test_stacked_encodings_are_undone_in_reverse_order() -> None:
    body = ENCODERS["br"](gzip.compress(TEXT))  # gzip applied first, then br
    assert decode("gzip, br", body, step=100) == TEXT
    with pytest.raises(ContentDecodingError):
        decode("br, gzip", body)


def test_empty_body_with_an_encoding_is_empty() -> None:
    # HEAD, 204 and 304 responses carry Content-Encoding without a body.
    for encoding in ENCODERS:
        assert decode(encoding, b"") == b""


def test_data_after_the_end_of_a_gzip_stream_is_ignored() -> None:
    assert decode("gzip", gzip.compress(TEXT) + b"\0\0junk") == TEXT


# --- what we refuse -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["zstd", "compress", "x-compress", "gzip, snappy", "br2"])
def test_unknown_encodings_are_refused_at_once(encoding: str) -> None:
    with pytest.raises(ContentDecodingError, match="unsupported"):
        BoundedDecoder(encoding, MiB)


def test_more_than_two_layers_are_refused_at_once() -> None:
    with pytest.raises(ContentDecodingError, match="3 stacked"):
        BoundedDecoder("gzip, gzip, gzip", MiB)
    BoundedDecoder("gzip, identity, gzip", MiB)  # identity is no layer


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_corrupt_data_is_a_decoding_error(encoding: str) -> None:
    with pytest.raises(ContentDecodingError, match="corrupt"):
        decode(encoding, b"\x1f\x8b\x08\x00this is not compressed at all" * 10)


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_truncated_data_is_a_decoding_error(encoding: str) -> None:
    body = ENCODERS[encoding](TEXT)
    with pytest.raises(ContentDecodingError, match="ended early"):
        decode(encoding, body[: len(body) // 2])


def test_truncated_deflate_header_is_a_decoding_error() -> None:
    with pytest.raises(ContentDecodingError, match="ended early"):
        decode("deflate", b"\x78")


def test_errors_carry_the_url() -> None:
    decoder = BoundedDecoder("gzip", MiB, url="https://example.com/a")
    with pytest.raises(ContentDecodingError) as caught:
        decoder.feed(b"\x1f\x8b\x08\x00garbage garbage garbage")
    assert caught.value.url == "https://example.com/a"


# --- the cap --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", [None, "gzip", "br", "gzip, br"])
def test_a_body_of_exactly_the_limit_passes_and_one_byte_more_does_not(
    encoding: str | None,
) -> None:
    def encode(data: bytes) -> bytes:
        if encoding == "gzip, br":
            return ENCODERS["br"](gzip.compress(data))
        return ENCODERS[encoding](data) if encoding else data

    assert decode(encoding, encode(TEXT), limit=len(TEXT), step=999) == TEXT
    with pytest.raises(BodyTooLargeError):
        decode(encoding, encode(TEXT), limit=len(TEXT) - 1, step=999)


def zeros_gzip_stream(total: int) -> Iterator[bytes]:
    """``total`` zero bytes, gzip-compressed lazily: only what is consumed is ever built.

    Each chunk holds 64 MiB of zeros in about 64 KB, as a network read of a bomb would.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(MiB)
    for _ in range(total // (64 * MiB)):
        yield b"".join(compressor.compress(zeros) for _ in range(64))
    yield compressor.flush()


def test_gzip_bomb_of_one_gib_stops_at_the_cap_with_bounded_memory() -> None:
    decoder = BoundedDecoder("gzip", 10 * MiB)
    started = time.monotonic()
    peak = peak_until_raises(
        BodyTooLargeError, lambda: feed_all(decoder, zeros_gzip_stream(1 << 30))
    )
    assert peak < 50 * MiB
    assert time.monotonic() - started < 3


def test_brotli_bomb_in_one_chunk_stops_at_the_cap_with_bounded_memory() -> None:
    compressor = brotli.Compressor(quality=11, lgwin=22)
    zeros = bytes(MiB)
    bomb = b"".join(compressor.process(zeros) for _ in range(16)) + compressor.finish()
    assert len(bomb) < 100  # 16 MiB in a few dozen bytes

    peak = peak_until_raises(BodyTooLargeError, lambda: BoundedDecoder("br", MiB).feed(bomb))
    assert peak < 4 * MiB  # the cap plus a step or two, not the 16 MiB inside


def test_gzip_inside_brotli_bomb_stops_at_the_cap_with_bounded_memory() -> None:
    # gzip of 1 GiB of zeros, built from one repeated 1 MiB block (full flushes make every
    # block identical), then brotli on top: about a kilobyte for a gibibyte.
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    first = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(bytes(MiB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    bomb = brotli.compress(first + block * 1023, quality=11)
    assert len(bomb) < 200

    decoder = BoundedDecoder("gzip, br", 10 * MiB)
    peak = peak_until_raises(BodyTooLargeError, lambda: decoder.feed(bomb))
    assert peak < 50 * MiB


def empty_deflate_blocks(count: int) -> bytes:
    """A gzip stream of ``count`` empty blocks: input without end that decodes to nothing."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    head = compressor.compress(b"") + compressor.flush(zlib.Z_SYNC_FLUSH)  # byte-aligned now
    empty_stored_block = b"\x00\x00\x00\xff\xff"  # BFINAL=0 BTYPE=00, LEN=0, NLEN=~0
    return head + empty_stored_block * count


def test_compressed_input_is_capped_even_if_it_decodes_to_nothing() -> None:
    decoder = BoundedDecoder("gzip", MiB)
    block = empty_deflate_blocks(100_000)  # ~500 KB of nothing
    assert decoder.feed(block) == b""
    with pytest.raises(BodyTooLargeError, match="compressed body"):
        for _ in range(3):
            assert decoder.feed(block[20:]) == b""


def test_inner_layer_is_capped_even_if_it_decodes_to_nothing() -> None:
    inner = empty_deflate_blocks(600_000)  # 3 MB of gzip that decodes to nothing
    bomb = brotli.compress(inner, quality=5)
    assert len(bomb) < 100_000
    with pytest.raises(BodyTooLargeError, match="inner"):
        BoundedDecoder("gzip, br", MiB).feed(bomb)


def test_random_chunking_matches_one_shot_decoding() -> None:
    rng = random.Random(7)
    body = ENCODERS["br"](gzip.compress(TEXT))
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(body)), 5))
        pieces = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
        decoder = BoundedDecoder("gzip, br", MiB)
        assert b"".join(decoder.feed(p) for p in pieces) + decoder.flush() == TEXT
