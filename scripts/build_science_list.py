#!/usr/bin/env python3
"""Build wordlists/science.tsv from the Problematic Paper Screener's tortured phrases.

usage: python3 scripts/build_science_list.py [--source ../shared/data/tortured_phrases.tsv]
                                             [--brown target/corpora/brown]
                                             [--seeds ../shared/seeds]
                                             [--out wordlists/science.tsv] [--show N]

--show N prints N examples of each drop reason. The Brown corpus comes from
scripts/fetch-brown.sh; the script stops with a message when it is missing.

Relative defaults are resolved against the repository root (the folder above scripts/), so the
script can be run from anywhere. Standard library only; the output depends on nothing but the
inputs (no dates, no hash order), so two runs give identical bytes. A summary of what was kept
and dropped, by reason, goes to stderr and into the header of the output.

Source
------
`tortured<TAB>expected`, one pair a line, `#` comments: a sample of the tortured-phrase list of
the Problematic Paper Screener (Guillaume Cabanac, Cyril Labbé, Alexander Magazinov), CC BY 4.0.

Cleaning
--------
Both sides: `\\"` and `\\&` unescaped, typographic quotes and dashes made plain (’ -> ', – -> -),
white space runs made one space, ASCII lower case.

The tortured side is otherwise kept as written, parentheses included ("synthetic intelligence
(ai)" is what the papers print), since it is the fingerprint that gets matched.

The expected side is an annotated guess; it is reduced to the plain phrase:
- "(= x)" anywhere means the true original is x ("sq. accreditation" -> "square measure (= are)"
  -> "are"); where the source gives a sentence instead of a phrase (the famous "square measure",
  "area unit" for "are" and "associate in nursing" for "an"), EXPECTED_OVERRIDES holds the
  answer, and an expected phrase that is itself such a key is followed ("companion in nursing"
  -> "associate in nursing" -> "an"); these keys are never treated as standard terms (rule 4);
- an expected side that is only question marks and notes ("???", "(?)", "??? (found in ...)",
  "? [note]"), or that has "??" outside parentheses ("solar ???"), is unknown: the row is dropped;
- parentheses at the end go, one group after another: acronyms "(bi)", notes "(in svm)",
  doubts "(?)". Exception: "iot (internet of things)" -> "internet of things" (the group spells
  out the single token before it);
- parentheses elsewhere: "(?)"-like doubts go; a group glued to a word is unwrapped when it is a
  suffix ("brown(ian)" -> "brownian") and dropped otherwise ("intel(r)"); a group that spells out
  the acronym before it replaces it ("mac (medium access control) layer"); short single tokens
  are acronyms and go ("denial-of-service (dos) attack"); longer asides go ("chest (body part)
  of a human");
- optional words: a group at the start ("(mean) squared error"), a single long word in the
  middle ("fully connected (neural) network") and any bracketed insertion ("[neural network]
  layer outputs", "supervised [machine] learning") may or may not belong to what the tortured
  phrase replaced. The spinner swaps words one for one, so each is kept or dropped to bring the
  word count closest to the tortured phrase's (ties keep it): "squared mistake" -> "squared
  error", "ailment expectation" -> "disease prognosis", "layer yields" -> "layer outputs",
  "supervised gaining knowledge" -> "supervised machine learning". "[...]" and "[?]" always go;
  a bracket that the tortured side repeats stays ("[c=o] bunches" -> "[c=o] groups");
- leftover "?", "*" and double quotes go; a lone trailing guess mark ("crow search algorithm ?")
  is dropped but the guess is kept.

Drop rules, in the order they are applied (a row is counted under the first that fires)
---------------------------------------------------------------------------------------
1. empty: no tortured phrase, or one without a letter or digit, or over 512 bytes;
2. no-expected: the expected phrase is unknown (see above);
3. identical: tortured == expected (after cleaning);
4. standard-term: the tortured phrase is itself a standard term: it equals the expected phrase
   of some row (also with brackets dropped, trailing acronyms dropped, optional words dropped,
   or plural "s" added/removed), e.g. "neural network" -> "[neural network] layer outputs"; or it appears as
   whole words inside its own expected phrase ("traffic patterns" -> "network traffic
   patterns");
5. duplicate: the same tortured phrase (case-insensitive) seen before; the entry keeps the
   expected phrase given most often for it, ties going to the first;
6. single-word: one word only (a single word is almost never wrong in every context);
7. brown: the phrase occurs in the Brown corpus of 1961 American English;
8. seeds: the phrase occurs in the clean seed articles (seeds 000, 001, 003, 004);
9. ordinary: listed in ORDINARY below, everyday English that Brown happens to lack
   ("malignant growth", "professional system").

Occurrence (7, 8) mimics the matcher: ASCII case ignored, typographic quotes and dashes made
plain, white space runs as one space (so phrases across line ends count), and word boundaries
`(?<![A-Za-z0-9_])phrase(?![A-Za-z0-9_])`, with the hyphen as a non-word character.

Output
------
`tortured<TAB>expected<TAB>weight`, weight 1.5 for phrases of three words or more (not counting
a parenthesised acronym), 1 otherwise,
in source order, unique case-insensitively.
"""
import argparse
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

CREDIT = "Problematic Paper Screener (Cabanac, Labbé, Magazinov), CC BY 4.0"
MAX_PHRASE_BYTES = 512
CLEAN_SEEDS = ("000_", "001_", "003_", "004_")

# Everyday English that Brown (one million words from 1961) happens not to contain. These are
# the PPS entries that a careful writer could produce in clean prose, so a hit says little.
# Judged by hand, one reading of the whole list: idioms ("a fresh set", "second request",
# "untamed life"), real terms of other fields ("reverse osmosis process", "creeping peg",
# "channel banks"), and plain descriptive phrases ("luxurious equipment", "thyroid lump").
# Keep it sorted; a phrase here that matches no entry is reported as a warning (a typo).
ORDINARY = frozenset(
    line.strip()
    for line in """
    128 pieces
    1st request
    256 pieces
    2nd request
    3rd request
    4th request
    a given gift
    abnormal sample point
    abnormal state of trust
    absolutely linked
    activity unit
    actually occur
    adeptly employed
    adjustment time
    adverse impressions
    affiliated paintings
    an expanding pattern
    appraisal season
    area of intrigue
    arrangement model
    articulation of qualities
    associate in nursing
    atomic composition
    audit article
    authoritative ownership
    automated clinical document
    automatic number plate detection
    awful bank
    back spread
    backward probability
    ballot strategy
    banking quarter
    basic controllers
    best guess estimate
    best of service
    big facts
    big-time salary
    bigoted and oppressive
    biological assault
    blood ailments
    bogus message
    border situation
    bracket techniques
    breast illness
    brief highlight
    brilliant ball
    brilliant groups
    business knowledge
    call tree
    carbon liberation
    channel banks
    channel methods
    character check
    charcoal electrode
    chemosensory work
    chief parts
    choice of tree
    citizens participate with the administration
    cloud climate
    combined learning
    communication with natural material
    community coding
    component choice
    component map
    congested trees
    content arrangement
    conventional man-made polymers
    cooperation capacity
    covered layer
    creeping peg
    creepy crawlies
    crippled individuals
    cruel temperature
    customary strategies
    customizable smart surfaces
    cutting edge sequencing
    cutting-edge execution
    cyber assault
    degree of displacement
    depressing influence
    different object tracking
    digital forms of money
    digital misconduct
    dimension function
    direct coefficient
    directed learning
    dispersion system
    dissolved oxygen fact sheet
    distant worker
    down testing
    driving reason
    dwindled liquidity
    dynamic consistency
    ecological annihilation
    ecological cataclysm
    economical nature
    education data
    effective gadget
    elderly folks
    electric geyser
    element determination
    enter statistics
    entity reputation
    estimation of convergent validity
    ethnic gatherings
    evidence of labor
    exactness and strength
    excess oxygen
    exchange training
    exchange work
    excretion of co2
    executive framework
    expense work
    exploratory outcomes
    exterior zone
    extreme ailment
    fake knowledge
    far from customary
    financial guess
    fit file
    fit record
    fitness statistics
    fourth request
    fractional request
    fresh set
    gathering of patients
    generate more items
    genuine numbers
    genuine positive
    getting ready and testing
    gorgeous belongings
    government oversight office
    green item
    green money
    heat movement
    hey greetings
    higher income levels
    higher pay levels
    home solace
    horrible ramifications
    huge quantities of individuals
    human blunder
    human imaginative
    identification and arrangement
    increased commerce
    incredible programming
    incremental sales strategies
    indispensable organs
    industrial management structure
    information expansion
    insurance plot
    integrated energy framework
    intemperate levels
    intermediate commodities
    internet learning
    ion-adsorbed rare earths
    irregular request
    irregular walks
    is prescient
    issue conclusion
    issue determination
    its groupings
    knowledge-based commerce
    lagging period
    limited motivation
    local and worldwide representation
    long island distance
    low pay levels
    lower respiratory sickness
    luxurious equipment
    machine proficiency
    malignant growth
    man in the center
    market rivalry
    matrix search
    mechanical upset
    mind signal
    mitigating the virus spread
    model exhibition
    monetary disaster
    mossy cup oak
    move learning
    musical highlight
    myocardial systolic acceleration
    network safety
    neural network recovery
    neurological group
    non-hazardous situation
    objective language
    obvious anti-tumor activity
    offering stage
    oil rentals
    optimistic and important
    optimistic impact
    outlandish proposition
    overall advancement
    pairwise closeness
    paranoid android
    participation capacity
    people against machines
    personal data protection obligation
    personalized remedies
    phony picture
    picture arrangement
    picture highlights
    picture recognition
    plant ailments
    plus magnetic nanoparticles
    positive predictive ratio
    positive societies
    precarious stream
    prepared information
    preparing cases
    present-day nation
    profession formation
    professional system
    prohibits growth
    proper meditation
    proximity of the disease
    put away in the cloud
    quality drive
    quality of interest
    quality regulation
    question set
    races are responsible
    random stroll
    recalcitrant organic dyes
    reduced sunlight filtration
    regenerative organs
    regenerative system
    region under the curve
    rejected from the examination
    remarkable words
    restorative centers
    reverse osmosis process
    safe reaction
    safeguarding security
    scholarly highlights
    school education data
    second request
    secret layer
    section transitions
    separation work
    shared data
    significant wonder
    slope drop
    sluggish student
    small and medium-sized associations
    smart agreement
    smart groups
    social database
    social detachment
    solitary day
    sound individuals
    spot decline
    stage pay
    standard mistake
    stimulation work
    storage gadget
    straightforward structures
    study database
    suboptimal neural architecture
    superior visualization
    supply chain control
    suppress the proliferation of germs
    tempestuous stream
    test arrangement
    test technique
    text arrangement
    theoretical meaning representation
    thick woods
    third request
    thoracic radiographic pictures
    thyroid lump
    to be freelance
    top learning
    top notch picture
    trademark highlights
    traffic clamor
    traffic design
    transactions are unknown
    under this audit
    unique mark
    unknown assault
    unpleasant structures
    untamed life
    upsetting environments
    utilized to check the robustness
    validation test
    vendor-managed stock
    verification of work
    visually defective
    vital determinant
    vital predictor
    voice arrangement
    votes projected
    warm image
    warm picture
    web building team
    well-educated model
    whole c
    wild issue
    window capacity
    with macs
    worldwide financial emergency
""".splitlines()
    if line.strip()
)

# Rows whose expected side is a sentence about the phrase rather than the phrase itself; keyed
# by the tortured phrase. These are famous fingerprints: the spinner read the verb "are" as the
# unit of area, and "an" as the degree abbreviation AN.
EXPECTED_OVERRIDES = {
    "area unit": "are",
    "square measure": "are",
    "associate in nursing": "an",
}

REASONS = (
    ("empty", "empty or non-word tortured phrase"),
    ("no-expected", "expected phrase unknown (???, (?))"),
    ("identical", "tortured == expected"),
    ("standard-term", "tortured phrase is itself a standard term"),
    ("duplicate", "tortured phrase seen before"),
    ("single-word", "single word"),
    ("brown", "occurs in the Brown corpus"),
    ("seeds", "occurs in the clean seed articles"),
    ("ordinary", "everyday English (explicit stop-list)"),
)

# --- text normalisation, as the matcher does it --------------------------------------------

_TYPO = {}
for ch in "\u2018\u2019\u201a\u201b\u2032\u00b4":
    _TYPO[ord(ch)] = "'"
for ch in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb":
    _TYPO[ord(ch)] = '"'
for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
    _TYPO[ord(ch)] = "-"
for ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
    _TYPO[ord(ch)] = None
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_SPACE = re.compile(r"[\s\u00a0\u0085\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_WORD = re.compile(r"[A-Za-z0-9_]+")


def normalise(text):
    """Quotes and dashes made plain, white space runs made one space, ASCII lower case."""
    text = text.translate(_TYPO)
    return _SPACE.sub(" ", text).translate(_ASCII_LOWER).strip()


def is_word_char(ch):
    return ch.isascii() and (ch.isalnum() or ch == "_")


# --- cleaning the expected phrase ----------------------------------------------------------


def unescape(text):
    return text.replace('\\"', '"').replace("\\&", "&").replace("\\'", "'")


def initials(words):
    """First letter or digit of each word, words split at spaces and hyphens."""
    return "".join(w[0] for w in re.split(r"[\s\-]+", words) if w and w[0].isalnum())


def acronym_key(token):
    return re.sub(r"[^a-z0-9]", "", token.lower())


def expands(group, token):
    """Whether `group` spells out the acronym `token` ("internet of things", "iot")."""
    key = acronym_key(token)
    if len(key) < 2 or " " in token.strip() or len(group.split()) < 2:
        return False
    full = initials(group)
    short = initials(" ".join(w for w in group.split() if w not in ("of", "and", "the", "for", "in", "a")))
    return key in (full.lower(), short.lower())


def matching_open(text, close):
    """Index of the '(' that the ')' at `close` closes, or -1."""
    depth = 0
    for i in range(close, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1


_INNER = re.compile(r"\(([^()]*)\)")


OPT_OPEN, OPT_CLOSE = "\x01", "\x02"  # marks words the annotator added in () or []


def word_count(phrase):
    """Words outside parentheses: "synthetic intelligence (ai)" has 2."""
    return len(re.sub(r"\([^()]*\)", " ", phrase).split())


def choose_optional(text, target):
    """Keep or drop each marked group so that the word count comes closest to `target` (the
    tortured phrase's), preferring to keep groups on a tie; without a target, keep them all."""
    parts = re.split("(" + OPT_OPEN + "[^" + OPT_CLOSE + "]*" + OPT_CLOSE + ")", text)
    optional = [i for i, p in enumerate(parts) if p.startswith(OPT_OPEN)]
    best = None
    for mask in range(1 << len(optional)):
        keep = {optional[b] for b in range(len(optional)) if mask >> b & 1}
        words = [p.strip(OPT_OPEN + OPT_CLOSE) if i in keep else p
                 for i, p in enumerate(parts) if i in keep or i not in optional]
        cand = _SPACE.sub(" ", " ".join(words)).strip()
        score = (abs(len(cand.split()) - target) if target is not None else 0, -len(keep))
        if best is None or score < best[0]:
            best = (score, cand)
    return best[1]


def clean_expected(raw, tortured=None):
    """The plain expected phrase, or None when the source does not know it.

    `tortured`, the phrase it belongs to, decides whether words the annotator added in brackets
    or parentheses belong to the phrase: the spinner replaces words one for one, so the reading
    whose length is closest to the tortured phrase's wins.
    """
    text = normalise(unescape(raw))
    # Notes and links: "facilitating conditions, see https://...", "meaning unclear, see ...".
    text = re.sub(r",?\s*\(?\bsee https?://.*$", "", text).strip()
    if text.startswith("meaning unclear"):
        return None
    eq = re.findall(r"\(=\s*([^()]+?)\s*\)", text)
    if eq:
        return eq[-1]
    # Unknown: nothing left but marks and notes, or "??" outside parentheses.
    bare = re.sub(r"\[[^\]]*\]", " ", text)
    while _INNER.search(bare):
        bare = _INNER.sub(" ", bare)
    if "??" in bare or not re.search(r"[a-z0-9]", bare.replace("?", "")):
        return None
    text = text.replace("*", "")
    # Trailing parentheses, one group after another: notes, acronyms, doubts.
    while text.endswith(")"):
        start = matching_open(text, len(text) - 1)
        if start < 0:
            break
        group, head = text[start + 1 : -1].strip(), text[:start]
        if "?" not in group and expands(group, head.strip()):  # iot (internet of things)
            text = group
        elif head and not head[-1].isspace() and re.fullmatch(r"[a-z]{2,}", group):  # autist(ic)
            text = head + group
        else:
            text = head.rstrip()
    # Parentheses elsewhere, innermost first.
    while True:
        m = _INNER.search(text)
        if not m:
            break
        group = m.group(1).strip()
        before = text[: m.start()]
        after = text[m.end() :]
        prev = before.rstrip().rsplit(" ", 1)[-1] if before.strip() else ""
        if "?" in group or not group:
            repl = " "
        elif before and not before[-1].isspace():  # glued: brown(ian), intel(r)
            repl = group if re.fullmatch(r"[a-z]{2,}", group) else ""
        elif expands(group, prev):  # mac (medium access control) layer
            before = before.rstrip()[: -len(prev)]
            repl = group + " "
        elif not before.strip() or (" " not in group and len(group) >= 6 and group.isalpha()):
            repl = OPT_OPEN + group + OPT_CLOSE + " "  # (mean) squared error; fully connected (neural) network
        else:  # acronyms (dos), asides (body part)
            repl = " "
        text = before + repl + after
    # Brackets: editorial insertions. Kept as they are when the tortured side has them too.
    text = re.sub(r"\[\s*(\.\.\.|\u2026|\?+)?\s*\]", " ", text)
    t_norm = normalise(unescape(tortured)) if tortured is not None else ""
    text = re.sub(r"\[([^\]]*)\]",
                  lambda m: m.group(0) if m.group(0) in t_norm else OPT_OPEN + m.group(1) + OPT_CLOSE, text)
    text = text.replace("?", " ").replace('"', " ")
    text = choose_optional(text, word_count(t_norm) if tortured is not None else None)
    text = _SPACE.sub(" ", text).strip(" ,;:")
    return text or None


# --- occurrence in clean prose -------------------------------------------------------------


class Corpus:
    """Normalised clean text, searched with the matcher's word boundaries."""

    def __init__(self, texts):
        # Documents joined with a newline-free separator that is not a word character.
        self.text = " \x00 ".join(normalise(t) for t in texts)
        self.vocab = set(_WORD.findall(self.text))

    def contains(self, phrase):
        words = _WORD.findall(phrase)
        if any(w not in self.vocab for w in words):
            return False
        text, n = self.text, len(phrase)
        at = text.find(phrase)
        while at >= 0:
            before = text[at - 1] if at > 0 else " "
            after = text[at + n] if at + n < len(text) else " "
            # The matcher's boundaries: no word character just outside the match.
            if not is_word_char(before) and not is_word_char(after):
                return True
            at = text.find(phrase, at + 1)
        return False


def read_texts(paths):
    texts = []
    for p in paths:
        with open(p, encoding="utf-8", errors="replace") as f:
            texts.append(f.read())
    return texts


# --- the build -----------------------------------------------------------------------------


def read_source(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                cols.append("")
            rows.append((line_no, cols[0], cols[1]))
    return rows


def standard_terms(rows):
    """Expected phrases of all rows, in a few spellings, to recognise legit tortured sides."""
    terms = set()
    for _, raw_t, raw in rows:
        if normalise(unescape(raw_t)) in EXPECTED_OVERRIDES:
            continue
        clean = clean_expected(raw)  # with every optional word: "supervised machine learning"
        if not clean:
            continue
        forms = {clean, clean_expected(raw, "")}  # and with none: "supervised learning"
        raw_n = normalise(unescape(raw))
        if "(=" in raw_n:  # "square measure (= are)": only "are" is the term
            raw_n = clean
        no_brackets = _SPACE.sub(" ", re.sub(r"\[[^\]]*\]", " ", raw_n)).strip()
        no_trailing = re.sub(r"(\s*\([^()]*\))+$", "", no_brackets).strip()
        forms |= {no_brackets, no_trailing}
        for f in list(forms):
            if f.endswith("s"):
                forms.add(f[:-1])
            else:
                forms.add(f + "s")
        terms |= {f for f in forms if " " in f}
    return terms


def contains_words(haystack, needle):
    return re.search(r"(?<![a-z0-9_])" + re.escape(needle) + r"(?![a-z0-9_])", haystack) is not None


def build(args):
    rows = read_source(args.source)
    terms = standard_terms(rows)
    dropped = collections.OrderedDict((k, []) for k, _ in REASONS)

    # Rules 1-4, row by row.
    candidates = []  # (tortured, expected, line)
    for line_no, raw_t, raw_e in rows:
        t = normalise(unescape(raw_t))
        if not re.search(r"[a-z0-9]", t) or len(t.encode()) > MAX_PHRASE_BYTES or "\t" in t:
            dropped["empty"].append((raw_t, raw_e))
            continue
        e = EXPECTED_OVERRIDES.get(t) or clean_expected(raw_e, raw_t)
        if e is None:
            dropped["no-expected"].append((raw_t, raw_e))
            continue
        if t == e or t == normalise(unescape(raw_e)):
            dropped["identical"].append((raw_t, raw_e))
            continue
        e = EXPECTED_OVERRIDES.get(e, e)  # "companion in nursing" -> "associate in nursing" -> "an"
        if t not in EXPECTED_OVERRIDES and (t in terms or contains_words(e, t)):
            dropped["standard-term"].append((raw_t, raw_e))
            continue
        candidates.append((t, e, line_no, raw_t, raw_e))

    # Rule 5: one entry per tortured phrase, with its most frequent expected phrase.
    groups = collections.OrderedDict()
    for c in candidates:
        groups.setdefault(c[0], []).append(c)
    entries = []
    for t, group in groups.items():
        counts = collections.Counter(c[1] for c in group)
        best = max(counts.values())
        chosen = next(c for c in group if counts[c[1]] == best)
        entries.append((t, chosen[1]))
        for c in group:
            if c is not group[0]:
                dropped["duplicate"].append((c[3], c[4]))

    # Rules 6-9.
    brown_files = sorted(
        os.path.join(args.brown, n) for n in os.listdir(args.brown) if n.endswith(".txt")
    )
    if len(brown_files) < 500:
        sys.exit(f"build_science_list: {args.brown} holds {len(brown_files)} documents, expected 500; "
                 "run scripts/fetch-brown.sh")
    seed_files = sorted(
        os.path.join(args.seeds, n) for n in os.listdir(args.seeds) if n.startswith(CLEAN_SEEDS)
    )
    if len(seed_files) != len(CLEAN_SEEDS):
        sys.exit(f"build_science_list: found {len(seed_files)} clean seeds in {args.seeds}, expected 4")
    brown = Corpus(read_texts(brown_files))
    seeds = Corpus(read_texts(seed_files))

    kept = []
    for t, e in entries:
        if " " not in t:
            dropped["single-word"].append((t, e))
        elif brown.contains(t):
            dropped["brown"].append((t, e))
        elif seeds.contains(t):
            dropped["seeds"].append((t, e))
        elif t in ORDINARY:
            dropped["ordinary"].append((t, e))
        else:
            kept.append((t, e))
    unused = sorted(ORDINARY - {t for t, _ in entries})
    if unused and len(unused) < len(ORDINARY):  # a typo, or the source changed
        print(f"build_science_list: warning: {len(unused)} ORDINARY phrases match no entry: "
              + ", ".join(unused[:10]), file=sys.stderr)
    return rows, kept, dropped


EXAMPLES = [
    # (kind, sentence): "+" must be flagged by an entry of the list, "-" must not be.
    ("+", "We trained a brain organization on the images."),
    ("+", "Counterfeit consciousness is changing how clinics triage patients."),
    ("+", "The irregular woodland classifier beat the baseline."),
    ("-", "The brain's organization into lobes was mapped in the 1900s."),
    ("-", "A random forest and a neural network were compared."),
    ("-", "The woodland was irregular in shape."),
]


def render(args, rows, kept, dropped):
    src = os.path.relpath(args.source, REPO)
    out = [
        "# spun\toriginal\tweight",
        "#",
        "# Tortured phrases from scientific papers, with the standard terms they replace.",
        f"# Source: {CREDIT}; a sample of its tortured-phrase list.",
        "# Generated, do not edit by hand; rebuild with",
        "#   python3 scripts/build_science_list.py",
        f"# from {src} ({len(rows)} rows). Kept {len(kept)}; dropped {sum(len(v) for v in dropped.values())}:",
    ]
    for key, label in REASONS:
        out.append(f"#   {key:14} {len(dropped[key]):5}  {label}")
    out.append("# Rules: see the docstring of scripts/build_science_list.py.")
    # One group, with sentences it must flag and must allow (checked by despin's tests).
    out.append("## tortured phrases")
    out.extend(f"#{kind} {sentence}" for kind, sentence in EXAMPLES)
    for t, e in kept:
        weight = "1.5" if word_count(t) >= 3 else "1"
        out.append(f"{t}\t{e}\t{weight}")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--source", default="../shared/data/tortured_phrases.tsv")
    p.add_argument("--brown", default="target/corpora/brown")
    p.add_argument("--seeds", default="../shared/seeds")
    p.add_argument("--out", default="wordlists/science.tsv")
    p.add_argument("--show", type=int, default=0, metavar="N", help="print N examples of each drop reason")
    args = p.parse_args()
    for name in ("source", "brown", "seeds", "out"):
        setattr(args, name, os.path.normpath(os.path.join(REPO, getattr(args, name))))

    rows, kept, dropped = build(args)
    text = render(args, rows, kept, dropped)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, args.out)

    print(f"build_science_list: {len(rows)} rows -> {len(kept)} entries in {os.path.relpath(args.out, REPO)}",
          file=sys.stderr)
    for key, label in REASONS:
        print(f"  dropped {key:14} {len(dropped[key]):5}  {label}", file=sys.stderr)
        for t, e in dropped[key][: args.show]:
            print(f"      {t!r} -> {e!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
