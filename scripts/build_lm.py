#!/usr/bin/env python3
"""Build despin's English trigram table from the CMU Sphinx US-English language model.

usage:
  python3 scripts/build_lm.py IN.lm.bin tables/english-3gram.bin.zst     # build
  python3 scripts/build_lm.py IN.lm.bin OUT.bin                          # build, uncompressed
  python3 scripts/build_lm.py --check IN.lm.bin tables/english-3gram.bin.zst [--samples N] [--rust-cases N]
  python3 scripts/build_lm.py --tiny-arpa IN.arpa OUT.bin                # from a small ARPA file

The input
---------
`en-us.lm.bin`, 27,114,385 bytes,
sha256 db21d0642286677699e6dbc859d2e5395570222361999387ce60f6e1d01995d6, a general US-English
trigram model in the "Trie Language Model" binary format of CMU Sphinx (BSD-2, Carnegie Mellon
University and Alpha Cephei Inc.). The same file ships in the source distribution of the PyPI
package `pocketsphinx` 5.1.1, in its wheels, and in Debian's `pocketsphinx-en-us`. Either of:

  pip download --no-deps --no-binary pocketsphinx pocketsphinx==5.1.1 -d /tmp/ps
  tar xzf /tmp/ps/pocketsphinx-5.1.1.tar.gz -C /tmp/ps
  # -> /tmp/ps/pocketsphinx-5.1.1/model/en-us/en-us.lm.bin

  cd /tmp && apt-get download pocketsphinx-en-us && dpkg-deb -x pocketsphinx-en-us_*.deb /tmp/ps-deb
  # -> /tmp/ps-deb/usr/share/pocketsphinx/model/en-us/en-us.lm.bin

Rebuilding
----------
  python3 scripts/build_lm.py /tmp/ps/pocketsphinx-5.1.1/model/en-us/en-us.lm.bin \\
      tables/english-3gram.bin.zst

Python 3.11, standard library only. The uncompressed table depends only on the input (no dates,
no hash-order dependence), so two runs give identical bytes; the script prints its sha256,
which for the input above is
1c7e8accd8af2f3f50c09a6380feadafd1cb6e74ecc8af95b198756791016b19 (19,195,491 bytes).
A `.zst` output is compressed with the `zstd` command-line tool (`apt-get install zstd`;
`zstd -19`), whose bytes may differ between zstd versions while decompressing to the same table.

Verification (`--check`) compares the table, read back by an independent decoder in this
script, with the pocketsphinx library itself on random trigrams, bigrams and unigrams, backoff
cases and unknown words. It needs the library, in a throwaway virtual environment:

  python3 -m venv /tmp/psenv && /tmp/psenv/bin/pip install pocketsphinx==5.1.1
  /tmp/psenv/bin/python scripts/build_lm.py --check IN.lm.bin tables/english-3gram.bin.zst

It prints, per kind of query, the mean and largest difference in log10 (0.00097 at most with
--samples 3000, the quantisation's bound being about 0.00125); --rust-cases N also prints N
expected values in Rust syntax, pocketsphinx's own, for a hard-coded test.

What the script does
--------------------
1. Reads the Sphinx trie with its own parser (`read_sphinx_trie`). The Sphinx trie is keyed
   backwards, from the predicted word to its history, with bit-packed records and 16-bit
   quantised log probabilities; see the comments there.
2. Turns it into a forward trie (history first), drops the bigrams that the Sphinx builder
   added as stand-ins (see `drop_redundant_bigrams`), renumbers the words from the most to the
   least probable, and quantises log10 probabilities and backoffs to a uniform grid (step
   0.001: each value within 0.0005 of the original) with one codebook per kind of value;
   unigram values are kept as they are (f32).
3. Writes the table in the layout described in `write_table` and in tables/english-3gram.md.
"""
import argparse
import bisect
import hashlib
import math
import random
import struct
import subprocess
import sys
import time

# ---------------------------------------------------------------------------------------------
# Word hash: the one the Rust crate uses (FNV-1a over ASCII-lower-cased bytes, then a mix).

MASK64 = (1 << 64) - 1


def word_hash(word: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in word:
        if 0x41 <= b <= 0x5A:
            b += 0x20
        h = ((h ^ b) * 0x00000100000001B3) & MASK64
    return (((h ^ (h >> 29)) * 0xBF58476D1CE4E5B9) & MASK64) ^ (h >> 32)


# ---------------------------------------------------------------------------------------------
# Reading the CMU Sphinx "Trie Language Model" binary file.
#
# Layout, all little-endian (learned from pocketsphinx 5.1.1, src/lm/ngram_model_trie.c,
# lm_trie.c, lm_trie_quant.c and bitarr.c):
#
#   "Trie Language Model"        19 bytes, no terminator
#   order                        u8 (3 here)
#   counts[order]                u32 each: unigrams, bigrams, trigrams. The Sphinx builder may
#                                over-count the higher orders; the pointers below are the truth.
#   quantiser kind               i32, always 1
#   codebooks                    f32 values: for each middle order (bigrams here) 65536 prob
#                                centres then 65536 backoff centres; then 65536 prob centres for
#                                the highest order. Values are natural logs divided by ln(1.0001)
#                                ("logmath" units of base 1.0001), not log10.
#   unigrams[counts[0] + 1]      {f32 prob, f32 backoff, u32 next}: prob and backoff unquantised
#                                (logmath units); `next` is the index of the word's first bigram
#                                record, and the extra last entry closes the last range.
#   bigram records               bit array; record i starts at bit i * (wb + 32 + pb) where
#                                wb = bits(counts[0]) and pb = bits(counts[2]); fields from the
#                                low bits up: history word (wb), backoff code (16), prob code
#                                (16), index of the first trigram record (pb). The records of
#                                predicted word w are unigrams[w].next .. unigrams[w+1].next,
#                                sorted by history word; record (end) holds the final trigram
#                                index. Byte size: ((counts[1] + 1) * bits + 7) / 8 + 8.
#   trigram records              bit array of (wb + 16)-bit records: oldest history word, prob
#                                code. Byte size: ((counts[2] + 1) * bits + 7) / 8 + 8.
#   word strings                 u32 byte length, then counts[0] NUL-terminated words, in id order.
#
# Here bits(n) is the number of bits of n (0 for 0). "Backwards" means the bigram record under
# predicted word w with history word u is the bigram "u w": P(w | u) and the backoff weight of
# the context "u w". The trigram record under it with word t is "t u w": P(w | t u).

SPHINX_MAGIC = b"Trie Language Model"
LOG10_OF_BASE = math.log10(1.0001)  # logmath units -> log10
SPHINX_QUANT = 1 << 16


def bit_length(n: int) -> int:
    return n.bit_length()


class SphinxModel:
    """The Sphinx model in plain lists, values in log10.

    words[i]        bytes of word i (Sphinx id order)
    uni_prob[i]     log10 P(word i); uni_bo[i] its backoff weight (log10)
    bigrams         list of (u, w, prob, backoff): "u w", P(w | u), backoff of context "u w"
    trigrams        list of (t, u, w, prob): "t u w", P(w | t u)
    header_counts   the counts as the header states them
    """

    def __init__(self):
        self.words = []
        self.uni_prob = []
        self.uni_bo = []
        self.bigrams = []
        self.trigrams = []
        self.header_counts = ()
        self.unsorted = []  # (t before, t after, u, w) where trigram records are out of order


class FormatError(Exception):
    pass


def read_sphinx_trie(path: str) -> SphinxModel:
    with open(path, "rb") as f:
        data = f.read()
    pos = 0

    def take(n, what):
        nonlocal pos
        if pos + n > len(data):
            raise FormatError(f"{path}: truncated in {what} (need {n} bytes at offset {pos}, file has {len(data)})")
        chunk = data[pos : pos + n]
        pos += n
        return chunk

    if take(len(SPHINX_MAGIC), "magic") != SPHINX_MAGIC:
        raise FormatError(f"{path}: not a Sphinx trie language model (bad magic)")
    order = take(1, "order")[0]
    if order != 3:
        raise FormatError(f"{path}: order {order}; this reader handles trigram models only")
    counts = struct.unpack("<3I", take(12, "counts"))
    n_uni = counts[0]
    (kind,) = struct.unpack("<i", take(4, "quantiser kind"))
    if kind != 1:
        raise FormatError(f"{path}: quantiser kind {kind}, expected 1")
    codebooks = struct.unpack(f"<{3 * SPHINX_QUANT}f", take(12 * SPHINX_QUANT, "codebooks"))
    bi_prob_book = codebooks[0:SPHINX_QUANT]
    bi_bo_book = codebooks[SPHINX_QUANT : 2 * SPHINX_QUANT]
    tri_prob_book = codebooks[2 * SPHINX_QUANT :]

    uni_raw = take(12 * (n_uni + 1), "unigrams")
    uni = [struct.unpack_from("<ffI", uni_raw, 12 * i) for i in range(n_uni + 1)]

    wb = bit_length(n_uni)
    pb = bit_length(counts[2])
    bi_bits = wb + 32 + pb
    tri_bits = wb + 16
    bi_size = ((counts[1] + 1) * bi_bits + 7) // 8 + 8
    tri_size = ((counts[2] + 1) * tri_bits + 7) // 8 + 8
    bi_mem = take(bi_size, "bigram records")
    tri_mem = take(tri_size, "trigram records")
    (str_len,) = struct.unpack("<I", take(4, "word string length"))
    strings = take(str_len, "word strings")
    if pos != len(data):
        raise FormatError(f"{path}: {len(data) - pos} unexpected bytes after the word strings")
    if not strings.endswith(b"\0"):
        raise FormatError(f"{path}: word strings do not end with NUL")
    words = strings[:-1].split(b"\0")
    if len(words) != n_uni:
        raise FormatError(f"{path}: {len(words)} word strings for {n_uni} unigrams")
    if len(set(words)) != n_uni:
        raise FormatError(f"{path}: duplicate words")

    def field(mem, bit, width):
        # 8 bytes always exist: the builder pads each array with 8 bytes.
        byte = bit >> 3
        return (int.from_bytes(mem[byte : byte + 8], "little") >> (bit & 7)) & ((1 << width) - 1)

    model = SphinxModel()
    model.header_counts = counts
    model.words = words
    model.uni_prob = [p * LOG10_OF_BASE for p, _, _ in uni[:n_uni]]
    model.uni_bo = [b * LOG10_OF_BASE for _, b, _ in uni[:n_uni]]
    nexts = [n for _, _, n in uni]
    n_bi = nexts[-1]
    if any(nexts[i] > nexts[i + 1] for i in range(n_uni)) or n_bi > counts[1]:
        raise FormatError(f"{path}: unigram bigram pointers are not monotone or exceed the bigram count")

    def bi_next(i):
        return field(bi_mem, i * bi_bits + wb + 32, pb)

    n_tri = bi_next(n_bi)
    if n_tri > counts[2]:
        raise FormatError(f"{path}: {n_tri} trigrams referenced, header says {counts[2]}")
    for w in range(n_uni):
        prev_u = -1
        for i in range(nexts[w], nexts[w + 1]):
            at = i * bi_bits
            u = field(bi_mem, at, wb)
            bo_code = field(bi_mem, at + wb, 16)
            prob_code = field(bi_mem, at + wb + 16, 16)
            first, end = field(bi_mem, at + wb + 32, pb), bi_next(i + 1)
            if u >= n_uni or u <= prev_u or first > end or end > n_tri:
                raise FormatError(f"{path}: bad bigram record {i}")
            prev_u = u
            model.bigrams.append(
                (u, w, bi_prob_book[prob_code] * LOG10_OF_BASE, bi_bo_book[bo_code] * LOG10_OF_BASE)
            )
            seen_t = set()
            prev_t = -1
            for j in range(first, end):
                t = field(tri_mem, j * tri_bits, wb)
                if t >= n_uni or t in seen_t:
                    raise FormatError(f"{path}: bad trigram record {j}")
                if t < prev_t:
                    # Two such places in en-us.lm.bin: the Sphinx search may miss these.
                    model.unsorted.append((words[prev_t], words[t], words[u], words[w]))
                seen_t.add(t)
                prev_t = t
                code = field(tri_mem, j * tri_bits + wb, 16)
                model.trigrams.append((t, u, w, tri_prob_book[code] * LOG10_OF_BASE))
    return model


# ---------------------------------------------------------------------------------------------
# Reading a small ARPA file (for tests: the same table layout from a hand-written model).


def read_arpa(path: str) -> SphinxModel:
    """A plain ARPA trigram (or bigram) model, values taken as they are (log10)."""
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f]
    model = SphinxModel()
    ids = {}
    section = None
    for n, line in enumerate(lines, 1):
        if not line or line.startswith("ngram ") or line == "\\data\\":
            continue
        if line.startswith("\\") and line.endswith("-grams:"):
            section = int(line[1:-7])
            continue
        if line == "\\end\\":
            break
        if section is None:
            continue
        parts = line.split()
        if len(parts) not in (section + 1, section + 2):
            raise FormatError(f"{path}:{n}: expected {section} words, a prob and maybe a backoff")
        prob = float(parts[0])
        bo = float(parts[section + 1]) if len(parts) == section + 2 else 0.0
        words = [w.encode() for w in parts[1 : section + 1]]
        if section == 1:
            ids[words[0]] = len(model.words)
            model.words.append(words[0])
            model.uni_prob.append(prob)
            model.uni_bo.append(bo)
            continue
        try:
            wid = [ids[w] for w in words]
        except KeyError as e:
            raise FormatError(f"{path}:{n}: word {e} is not among the unigrams") from None
        if section == 2:
            model.bigrams.append((wid[0], wid[1], prob, bo))
        elif section == 3:
            model.trigrams.append((wid[0], wid[1], wid[2], prob))
        else:
            raise FormatError(f"{path}:{n}: order {section} is not supported")
    model.header_counts = (len(model.words), len(model.bigrams), len(model.trigrams))
    return model


# ---------------------------------------------------------------------------------------------
# From the Sphinx model to despin's table.


def drop_redundant_bigrams(model: SphinxModel, margin: float):
    """Drop bigrams that say no more than the backoff estimate does.

    The Sphinx builder walks its trie backwards and so needs the bigram "u w" for each trigram
    "t u w"; where the ARPA source had none it inserted a stand-in with P(w | u) = bo(u) + P(w)
    and backoff 0. A forward trie needs the bigram "t u" instead, so these stand-ins carry
    nothing. The rule removes them and any bigram like them: backoff exactly 0, no trigram
    continuing it, and a probability within `margin` of the backoff estimate, so that each
    query answers the same up to `margin`. Returns the number of bigrams dropped.
    """
    histories = {(t, u) for t, u, _, _ in model.trigrams}
    kept = []
    for u, w, prob, bo in model.bigrams:
        if bo == 0.0 and (u, w) not in histories and abs(prob - (model.uni_bo[u] + model.uni_prob[w])) <= margin:
            continue
        kept.append((u, w, prob, bo))
    dropped = len(model.bigrams) - len(kept)
    model.bigrams = kept
    return dropped


def check_forward_trie(model: SphinxModel):
    """Each trigram "t u w" needs the bigram "t u" to hang from."""
    bigram_keys = {(u, w) for u, w, _, _ in model.bigrams}
    missing = {(t, u) for t, u, _, _ in model.trigrams if (t, u) not in bigram_keys}
    if missing:
        t, u = sorted(missing)[0]
        raise FormatError(
            f"{len(missing)} trigram histories have no bigram, e.g. "
            f"{model.words[t].decode('latin-1')!r} {model.words[u].decode('latin-1')!r}"
        )


def quantise(values, step):
    """Uniform grid of `step`: code = round(v / step) - lowest, decoded as the grid point
    (code + lowest) * step, so that every value is within step / 2 of the original and 0.0 stays
    exactly 0.0. Returns (codes, codebook); the codebook spans lowest..highest point used.
    """
    keys = [math.floor(v / step + 0.5) for v in values]
    low = min(keys)
    codes = [k - low for k in keys]
    codebook = [(k + low) * step for k in range(max(keys) - low + 1)]
    return codes, codebook


MAGIC = b"despinLM"
VERSION = 1
NO_WORD = 0xFFFFFFFF


def varint(out: bytearray, n: int):
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def planes(codes):
    """u16 codes as two byte planes, low bytes first: zstd finds more in each plane alone."""
    return bytes(c & 0xFF for c in codes) + bytes(c >> 8 for c in codes)


def f32s(values):
    return struct.pack(f"<{len(values)}f", *values)


def build_table(model: SphinxModel, step: float, margin: float, log=print) -> bytes:
    """The table bytes (uncompressed). Layout: see `write_table`'s comment and tables/english-3gram.md."""
    n = len(model.words)
    # Words must be distinct under the crate's case folding and hash.
    hashes = {}
    for i, w in enumerate(model.words):
        if any(b >= 0x80 for b in w) or b"\0" in w:
            raise FormatError(f"word {w!r} is not plain ASCII")
        h = word_hash(w)
        if h in hashes:
            raise FormatError(f"words {model.words[hashes[h]]!r} and {w!r} have the same hash (or differ in case only)")
        hashes[h] = i
    log(f"words: {n}, no hash collision and no two words equal up to ASCII case")

    dropped = drop_redundant_bigrams(model, margin)
    log(f"bigrams: {len(model.bigrams)} kept, {dropped} redundant ones dropped (margin {margin})")
    check_forward_trie(model)

    # New ids: most probable first (smaller gaps in the successor lists), ties by spelling.
    order = sorted(range(n), key=lambda i: (-model.uni_prob[i], model.words[i]))
    new_id = [0] * n
    for new, old in enumerate(order):
        new_id[old] = new
    bigrams = sorted((new_id[u], new_id[w], p, bo) for u, w, p, bo in model.bigrams)
    trigrams = sorted((new_id[t], new_id[u], new_id[w], p) for t, u, w, p in model.trigrams)

    bi_prob_codes, bi_prob_book = quantise([b[2] for b in bigrams], step)
    bi_bo_codes, bi_bo_book = quantise([b[3] for b in bigrams], step)
    tri_prob_codes, tri_prob_book = quantise([t[3] for t in trigrams], step)
    for name, book in (("bigram prob", bi_prob_book), ("bigram backoff", bi_bo_book), ("trigram prob", tri_prob_book)):
        if len(book) > 1 << 16:
            raise FormatError(f"{name} codebook has {len(book)} entries; the format allows 65536 (use a larger step)")
        log(f"{name} codebook: {len(book)} entries ({bit_length(len(book) - 1)} bits)")

    # Fan-outs and gap-coded successor lists.
    bi_fanout = [0] * n
    bi_words = bytearray()
    last = (-1, -1)
    for u, w, _, _ in bigrams:
        bi_fanout[u] += 1
        varint(bi_words, w - (last[1] + 1 if last[0] == u else 0))
        last = (u, w)
    bi_index = {(u, w): i for i, (u, w, _, _) in enumerate(bigrams)}
    tri_fanout = [0] * len(bigrams)
    tri_words = bytearray()
    last = (-1, -1, -1)
    for t, u, w, _ in trigrams:
        tri_fanout[bi_index[(t, u)]] += 1
        varint(tri_words, w - (last[2] + 1 if last[:2] == (t, u) else 0))
        last = (t, u, w)
    bi_fan_bytes = bytearray()
    for c in bi_fanout:
        varint(bi_fan_bytes, c)
    tri_fan_bytes = bytearray()
    for c in tri_fanout:
        varint(tri_fan_bytes, c)

    words = [model.words[old] for old in order]
    bos = words.index(b"<s>") if b"<s>" in words else NO_WORD
    eos = words.index(b"</s>") if b"</s>" in words else NO_WORD
    unk = words.index(b"<unk>") if b"<unk>" in words else NO_WORD

    return write_table(
        words=words,
        bos=bos,
        eos=eos,
        unk=unk,
        uni_prob=[model.uni_prob[old] for old in order],
        uni_bo=[model.uni_bo[old] for old in order],
        books=(bi_prob_book, bi_bo_book, tri_prob_book),
        n_bigrams=len(bigrams),
        n_trigrams=len(trigrams),
        streams=(
            bytes(bi_fan_bytes),
            bytes(bi_words),
            planes(bi_prob_codes),
            planes(bi_bo_codes),
            bytes(tri_fan_bytes),
            bytes(tri_words),
            planes(tri_prob_codes),
        ),
    )


def write_table(*, words, bos, eos, unk, uni_prob, uni_bo, books, n_bigrams, n_trigrams, streams) -> bytes:
    """Table layout, all integers little-endian:

    magic "despinLM" (8 bytes), u32 version (1),
    u32 n_words, u32 n_bigrams, u32 n_trigrams,
    u32 id of <s>, u32 id of </s>, u32 id of <unk> (0xFFFFFFFF where absent),
    u32 entries of the bigram-prob, bigram-backoff and trigram-prob codebooks (3 x u32),
    then 13 sections, each a u32 byte length and the bytes:
      1 words             n_words NUL-terminated ASCII words, by id
      2 unigram probs     n_words f32, log10
      3 unigram backoffs  n_words f32, log10
      4 bigram-prob codebook, 5 bigram-backoff codebook, 6 trigram-prob codebook: f32 each, log10
      7 bigram fan-out    n_words varints: how many bigrams start with word id 0, 1, ...
      8 bigram words      n_bigrams varints: the second words, sorted within each first word,
                          each given as its gap from the previous one plus one (the first as is)
      9 bigram prob codes     n_bigrams u16 codes as two planes: all low bytes, then all high
     10 bigram backoff codes  likewise
     11 trigram fan-out   n_bigrams varints: how many trigrams continue each bigram, in bigram order
     12 trigram words     n_trigrams varints: third words, gap-coded like section 8
     13 trigram prob codes    n_trigrams u16 codes as two planes
    Varints are LEB128 (7 bits per byte, low first, high bit = more).
    """
    out = bytearray(MAGIC)
    out += struct.pack(
        "<10I",
        VERSION,
        len(words),
        n_bigrams,
        n_trigrams,
        bos,
        eos,
        unk,
        len(books[0]),
        len(books[1]),
        len(books[2]),
    )
    sections = [
        b"".join(w + b"\0" for w in words),
        f32s(uni_prob),
        f32s(uni_bo),
        f32s(books[0]),
        f32s(books[1]),
        f32s(books[2]),
        *streams,
    ]
    for s in sections:
        out += struct.pack("<I", len(s))
        out += s
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# An independent reader of the table, for --check and for the tests' expectations.


class Table:
    """Decodes a table and answers queries like the Rust module does (dicts, not a trie)."""

    def __init__(self, data: bytes):
        if data[:4] == b"\x28\xb5\x2f\xfd":
            data = subprocess.run(["zstd", "-d", "-c", "-q"], input=data, capture_output=True, check=True).stdout
        if data[:8] != MAGIC:
            raise FormatError("not a despin trigram table")
        head = struct.unpack_from("<10I", data, 8)
        version, n, n_bi, n_tri, self.bos, self.eos, self.unk, nbp, nbo, ntp = head
        if version != VERSION:
            raise FormatError(f"table version {version}")
        pos = 48
        sections = []
        for _ in range(13):
            (length,) = struct.unpack_from("<I", data, pos)
            sections.append(data[pos + 4 : pos + 4 + length])
            pos += 4 + length
        if pos != len(data):
            raise FormatError("trailing bytes")
        self.words = sections[0][:-1].split(b"\0")
        self.ids = {w: i for i, w in enumerate(self.words)}
        self.uni_prob = struct.unpack(f"<{n}f", sections[1])
        self.uni_bo = struct.unpack(f"<{n}f", sections[2])
        bp_book = struct.unpack(f"<{nbp}f", sections[3])
        bo_book = struct.unpack(f"<{nbo}f", sections[4])
        tp_book = struct.unpack(f"<{ntp}f", sections[5])

        def varints(buf, count):
            vals, x, shift = [], 0, 0
            for b in buf:
                x |= (b & 0x7F) << shift
                shift += 7
                if b < 0x80:
                    vals.append(x)
                    x, shift = 0, 0
            if len(vals) != count:
                raise FormatError("varint count")
            return vals

        def codes(buf, count):
            return [buf[i] | buf[count + i] << 8 for i in range(count)]

        bi_fan = varints(sections[6], n)
        bi_gap = varints(sections[7], n_bi)
        bi_p = codes(sections[8], n_bi)
        bi_b = codes(sections[9], n_bi)
        tri_fan = varints(sections[10], n_bi)
        tri_gap = varints(sections[11], n_tri)
        tri_p = codes(sections[12], n_tri)
        self.bigrams = {}
        keys = []
        i = 0
        for u in range(n):
            w = -1
            for _ in range(bi_fan[u]):
                w += bi_gap[i] + 1
                self.bigrams[(u, w)] = (bp_book[bi_p[i]], bo_book[bi_b[i]])
                keys.append((u, w))
                i += 1
        self.trigrams = {}
        j = 0
        for (u, v), fan in zip(keys, tri_fan):
            w = -1
            for _ in range(fan):
                w += tri_gap[j] + 1
                self.trigrams[(u, v, w)] = tp_book[tri_p[j]]
                j += 1

    def word(self, w: bytes):
        return self.ids.get(w.lower())

    def log10_prob(self, w1, w2, w3):
        """P(w3 | w1 w2), Katz backoff; None for a missing or unknown history word."""
        if w2 is None:
            return self.uni_prob[w3]
        bo12 = 0.0
        if w1 is not None:
            hit = self.bigrams.get((w1, w2))
            if hit is not None:
                bo12 = hit[1]
                p3 = self.trigrams.get((w1, w2, w3))
                if p3 is not None:
                    return p3
        hit = self.bigrams.get((w2, w3))
        if hit is not None:
            return hit[0] + bo12
        return self.uni_prob[w3] + self.uni_bo[w2] + bo12


# ---------------------------------------------------------------------------------------------
# Verification against the pocketsphinx library.


def check(lm_path: str, table_path: str, samples: int, rust_cases: int):
    try:
        from pocketsphinx import NGramModel  # only --check needs it
    except ImportError:
        sys.exit("--check needs the pocketsphinx package: see this script's docstring")
    t0 = time.time()
    table = Table(open(table_path, "rb").read())
    print(f"table read back in {time.time() - t0:.1f} s")
    sphinx = read_sphinx_trie(lm_path)
    ps = NGramModel.readfile(lm_path)
    rng = random.Random(20240601)
    words = table.words
    unknown = [b"qzxv", b"despinnery", b"xyzzy-plugh"]
    # Words drawn by unigram probability (so that histories are realistic), or uniformly.
    weights = [10 ** p for p in table.uni_prob]
    cum = []
    s = 0.0
    for x in weights:
        s += x
        cum.append(s)

    def draw():
        if rng.random() < 0.7:
            return words[min(bisect.bisect_left(cum, rng.random() * s), len(words) - 1)]
        return words[rng.randrange(len(words))]

    sw = sphinx.words
    cases = []  # (kind, w1, w2, w3) as bytes or None
    for _ in range(samples):
        t, u, w, _ = sphinx.trigrams[rng.randrange(len(sphinx.trigrams))]
        cases.append(("trigram in model", sw[t], sw[u], sw[w]))
        u, w, _, _ = sphinx.bigrams[rng.randrange(len(sphinx.bigrams))]
        cases.append(("bigram in model, random w1", draw(), sw[u], sw[w]))
        cases.append(("bigram in model, no w1", None, sw[u], sw[w]))
        cases.append(("random trigram", draw(), draw(), draw()))
        cases.append(("random bigram", None, draw(), draw()))
        cases.append(("unigram", None, None, draw()))
    for _ in range(samples // 10):
        cases.append(("unknown w1", rng.choice(unknown), draw(), draw()))
        cases.append(("unknown w2", draw(), rng.choice(unknown), draw()))
    for _ in range(samples // 10):
        cases.append(("<s> as w1", b"<s>", draw(), draw()))
        cases.append(("</s> as w3", draw(), draw(), b"</s>"))
        cases.append(("<s> as w3", draw(), draw(), b"<s>"))

    def ids(ws):
        return tuple(None if x is None else table.word(x) for x in ws)

    stats = {}
    worst = (0.0, None)
    for kind, w1, w2, w3 in cases:
        history = [x for x in (w2, w1) if x is not None]
        if w2 is None:
            history = []
        api = ps.prob([w3.decode()] + [h.decode() for h in history]) * LOG10_OF_BASE
        i1, i2, i3 = ids((w1, w2, w3))
        ours = table.log10_prob(i1, i2, i3)
        diff = abs(api - ours)
        st = stats.setdefault(kind, [0, 0.0, 0.0])
        st[0] += 1
        st[1] += diff
        st[2] = max(st[2], diff)
        if diff > worst[0]:
            worst = (diff, (kind, w1, w2, w3, api, ours))
    from importlib.metadata import version

    print(f"{len(cases)} queries compared with pocketsphinx {version('pocketsphinx')}:")
    total = sum(v[0] for v in stats.values())
    for kind, (count, sum_diff, max_diff) in stats.items():
        print(f"  {kind:28} {count:7}  mean |diff| {sum_diff / count:.6f}  max {max_diff:.6f} (log10)")
    print(f"  all {total}: max |diff| {worst[0]:.6f} at {worst[1]}")

    if rust_cases:
        # Expected values for the Rust test: pocketsphinx's own numbers, as log10.
        picked = [c for c in cases if c[0] != "unigram"]
        rng.shuffle(picked)
        picked = picked[:rust_cases] + [c for c in cases if c[0] == "unigram"][:4]
        print("\n// (w1, w2, w3, log10 P from pocketsphinx 5.1.1 NGramModel.prob)")
        for kind, w1, w2, w3 in picked:
            history = [] if w2 is None else [x for x in (w2, w1) if x is not None]
            api = ps.prob([w3.decode()] + [h.decode() for h in history])
            q = lambda x: "None" if x is None else f'Some("{x.decode()}")'  # noqa: E731
            print(f'({q(w1)}, {q(w2)}, "{w3.decode()}", {api * LOG10_OF_BASE:.6f}), // {kind}')


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input", help="en-us.lm.bin (or an ARPA file with --tiny-arpa)")
    ap.add_argument("output", help="table to write (.zst: compressed with the zstd tool), or to check")
    ap.add_argument("--check", action="store_true", help="compare OUTPUT with the pocketsphinx library")
    ap.add_argument("--tiny-arpa", action="store_true", help="INPUT is a small ARPA file (for tests)")
    ap.add_argument("--step", type=float, default=0.001, help="quantisation step in log10 (default 0.001)")
    ap.add_argument("--margin", type=float, default=0.0002, help="redundant-bigram margin (default 0.0002)")
    ap.add_argument("--samples", type=int, default=1000, help="--check: queries per kind (default 1000)")
    ap.add_argument("--rust-cases", type=int, default=0, help="--check: print N expected values for Rust")
    args = ap.parse_args()

    if args.check:
        check(args.input, args.output, args.samples, args.rust_cases)
        return
    t0 = time.time()
    if args.tiny_arpa:
        model = read_arpa(args.input)
    else:
        with open(args.input, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        print(f"input {args.input}: sha256 {digest}")
        model = read_sphinx_trie(args.input)
    print(
        f"read {len(model.words)} words, {len(model.bigrams)} bigrams, {len(model.trigrams)} trigrams "
        f"(header says {model.header_counts}) in {time.time() - t0:.1f} s"
    )
    for t0_, t1_, u, w in model.unsorted:
        print(f"note: trigram records out of order: {t0_!r} before {t1_!r} under {u!r} {w!r}")
    table = build_table(model, args.step, args.margin)
    print(f"table: {len(table)} bytes, sha256 {hashlib.sha256(table).hexdigest()}")
    if args.output.endswith(".zst"):
        packed = subprocess.run(["zstd", "-19", "-q", "-c"], input=table, capture_output=True, check=True).stdout
        with open(args.output, "wb") as f:
            f.write(packed)
        print(f"wrote {args.output}: {len(packed)} bytes (zstd -19)")
    else:
        with open(args.output, "wb") as f:
            f.write(table)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    try:
        main()
    except FormatError as e:
        sys.exit(f"build_lm: {e}")
