"""Container names: Docker's validity rule and its generated ``adjective_surname`` names.

What it must not know: which names are taken (the caller's registry answers ``is_taken``) or
any randomness it was not seeded with.

Validity rule (the daemon's create and rename paths)::

    name      = [ "/" ] , first , rest , { rest } ;   (* one leading "/" is dropped *)
    first     = ASCII letter | digit ;
    rest      = ASCII letter | digit | "_" | "." | "-" ;

A valid name has at least two characters after the optional leading ``/``. Docker stores names
with the leading ``/`` (``/web``); :func:`validate_container_name` returns the name without it.
A refused name raises :class:`~dockerlinks.errors.ContainerNameError` with Docker's text
``Invalid container name (<name as given>), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`` and a
caret under the first character that breaks the rule.

Generated names (moby ``namesgenerator.GetRandomName`` and the daemon's reservation loop)::

    attempt   retry   name
    -------   -----   ---------------------------------------------------------------
    1         0       <adjective>_<surname>           ("boring_wozniak" is never drawn)
    2 .. 6    1 .. 5  <adjective>_<surname><digit>    (a random digit 0-9 is appended)
    fallback  -       the first 12 hex digits of the container ID

Each attempt draws a fresh adjective and surname (the pair ``boring_wozniak`` is redrawn:
"Steve Wozniak is not boring"); a drawn name that is already taken moves on to the next
attempt. Docker draws from an unseeded generator; :class:`NameGenerator` draws from an explicit
SplitMix64 generator whose state is part of the (immutable) value, so a seed always produces the
same names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import attrs

from dockerlinks._args import shown
from dockerlinks.errors import ContainerNameError

__all__ = [
    "ADJECTIVES",
    "SURNAMES",
    "NameGenerator",
    "generate_name",
    "validate_container_name",
]

# The adjectives and surnames of moby namesgenerator (a frozen list upstream).
ADJECTIVES: tuple[str, ...] = tuple(
    """
    admiring adoring affectionate agitated amazing angry awesome beautiful blissful bold
    boring brave busy charming clever compassionate competent condescending confident cool
    cranky crazy dazzling determined distracted dreamy eager ecstatic elastic elated elegant
    eloquent epic exciting fervent festive flamboyant focused friendly frosty funny gallant
    gifted goofy gracious great happy hardcore heuristic hopeful hungry infallible inspiring
    intelligent interesting jolly jovial keen kind laughing loving lucid magical modest musing
    mystifying naughty nervous nice nifty nostalgic objective optimistic peaceful pedantic
    pensive practical priceless quirky quizzical recursing relaxed reverent romantic sad
    serene sharp silly sleepy stoic strange stupefied suspicious sweet tender thirsty trusting
    unruffled upbeat vibrant vigilant vigorous wizardly wonderful xenodochial youthful zealous
    zen
    """.split()  # noqa: SIM905
)

SURNAMES: tuple[str, ...] = tuple(
    """
    agnesi albattani allen almeida antonelli archimedes ardinghelli aryabhata austin babbage
    banach banzai bardeen bartik bassi beaver bell benz bhabha bhaskara black blackburn
    blackwell bohr booth borg bose bouman boyd brahmagupta brattain brown buck burnell cannon
    carson cartwright carver cerf chandrasekhar chaplygin chatelet chatterjee chaum chebyshev
    clarke cohen colden cori cray curie curran darwin davinci dewdney dhawan diffie dijkstra
    dirac driscoll dubinsky easley edison einstein elbakyan elgamal elion ellis engelbart
    euclid euler faraday feistel fermat fermi feynman franklin gagarin galileo galois ganguly
    gates gauss germain goldberg goldstine goldwasser golick goodall gould greider
    grothendieck haibt hamilton haslett hawking heisenberg hellman hermann herschel hertz
    heyrovsky hodgkin hofstadter hoover hopper hugle hypatia ishizaka jackson jang jemison
    jennings jepsen johnson joliot jones kalam kapitsa kare keldysh keller kepler khayyam
    khorana kilby kirch knuth kowalevski lalande lamarr lamport leakey leavitt lederberg
    lehmann lewin lichterman liskov lovelace lumiere mahavira margulis matsumoto maxwell mayer
    mccarthy mcclintock mclaren mclean mcnulty meitner mendel mendeleev meninsky merkle
    mestorf mirzakhani montalcini moore morse moser murdock napier nash neumann newton
    nightingale nobel noether northcutt noyce panini pare pascal pasteur payne perlman pike
    poincare poitras proskuriakova ptolemy raman ramanujan rhodes ride ritchie robinson
    roentgen rosalind rubin saha sammet sanderson satoshi shamir shannon shaw shirley shockley
    shtern sinoussi snyder solomon spence stonebraker sutherland swanson swartz swirles
    taussig tesla tharp thompson torvalds tu turing varahamihira vaughan villani visvesvaraya
    volhard wescoff wilbur wiles williams williamson wilson wing wozniak wright wu yalow
    yonath zhukovsky
    """.split()  # noqa: SIM905
)
RESTRICTED_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]"
_NAME_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_NAME_REST = _NAME_FIRST | frozenset("_.-")
_MASK64 = (1 << 64) - 1
_ATTEMPTS = 6  # the daemon tries GetRandomName(0) .. GetRandomName(5)


def unsafe_index(text: str) -> int | None:
    """Index of the first character that could break env or hosts text, or ``None``.

    Unsafe: whitespace of any kind (newline included), every other non-printable character
    (NUL, control characters, line and paragraph separators), ``=`` and ``#``.

    >>> unsafe_index("db"), unsafe_index("d b"), unsafe_index("a=b")
    (None, 1, 1)
    """
    if not isinstance(text, str):
        raise ContainerNameError(f"expected a string, not {shown(text)}")
    # Every whitespace character but the ASCII space is non-printable, so a printable text
    # without " ", "=" and "#" is safe: four scans in C instead of a loop per character.
    if text.isprintable() and " " not in text and "=" not in text and "#" not in text:
        return None
    for index, char in enumerate(text):
        if char in "=#" or char.isspace() or not char.isprintable():
            return index
    return None


def validate_container_name(name: object) -> str:
    """Check ``name`` against Docker's container-name rule; return it without its leading ``/``.

    >>> validate_container_name("/web")
    'web'
    >>> validate_container_name("-rm")
    Traceback (most recent call last):
    ...
    dockerlinks.errors.ContainerNameError: Invalid container name (-rm), only [a-zA-Z0-9]... allowed
        -rm
        ^
    """
    if not isinstance(name, str):
        raise ContainerNameError(
            f"Invalid container name ({shown(name)}), only {RESTRICTED_NAME_CHARS} are allowed"
        )
    offset = 1 if name.startswith("/") else 0
    bare = name[offset:]
    bad: int | None = None
    if not bare or bare[0] not in _NAME_FIRST:
        bad = 0
    else:
        for index in range(1, len(bare)):
            if bare[index] not in _NAME_REST:
                bad = index
                break
        else:
            if len(bare) < 2:
                bad = len(bare)
    if bad is not None:
        start = offset + bad
        raise ContainerNameError(
            f"Invalid container name ({name}), only {RESTRICTED_NAME_CHARS} are allowed",
            text=name,
            span=(start, min(start + 1, len(name))),
        )
    return bare


def _check_seed(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    del instance, attribute
    if not isinstance(value, int) or isinstance(value, bool):
        raise ContainerNameError(f"name generator seed must be an integer, not {shown(value)}")


def _initial_state(generator: NameGenerator) -> int:
    seed = generator.seed
    return seed & _MASK64 if isinstance(seed, int) else 0  # a bad seed fails validation


@attrs.frozen
class NameGenerator:
    """A seeded, persistent generator of Docker-style container names.

    Every draw returns a new generator together with its result; the generator itself never
    changes, so keeping an old value replays the same names.

    >>> gen = NameGenerator(7)
    >>> gen, first = gen.generate()
    >>> _, again = NameGenerator(7).generate()
    >>> first == again, first.count("_")
    (True, 1)
    >>> _, second = NameGenerator(7).generate(taken={first})
    >>> second[-1].isdigit()
    True
    """

    seed: int = attrs.field(validator=_check_seed)
    state: int = attrs.field(
        default=attrs.Factory(_initial_state, takes_self=True),
        validator=_check_seed,
    )

    def _next64(self) -> tuple[NameGenerator, int]:
        # SplitMix64 (Steele, Lea, Flood 2014).
        state = (self.state + 0x9E3779B97F4A7C15) & _MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        return attrs.evolve(self, state=state), z ^ (z >> 31)

    def randbelow(self, n: int) -> tuple[NameGenerator, int]:
        """A uniform integer in ``[0, n)`` (rejection sampling, no modulo bias)."""
        if not isinstance(n, int) or isinstance(n, bool) or not 0 < n <= 1 << 64:
            raise ContainerNameError(f"randbelow needs a bound in [1, 2**64], not {shown(n)}")
        limit = ((1 << 64) // n) * n
        gen = self
        while True:
            gen, value = gen._next64()
            if value < limit:
                return gen, value % n

    def random_name(self, retry: int = 0) -> tuple[NameGenerator, str]:
        """Docker's ``GetRandomName(retry)``: ``adjective_surname``, plus a digit when retry > 0."""
        if not isinstance(retry, int):
            raise ContainerNameError(f"retry must be an integer, not {shown(retry)}")
        gen = self
        while True:
            gen, left = gen.randbelow(len(ADJECTIVES))
            gen, right = gen.randbelow(len(SURNAMES))
            name = f"{ADJECTIVES[left]}_{SURNAMES[right]}"
            if name != "boring_wozniak":  # Steve Wozniak is not boring
                break
        if retry > 0:
            gen, digit = gen.randbelow(10)
            name += str(digit)
        return gen, name

    def random_id(self) -> tuple[NameGenerator, str]:
        """A 64-hex container ID whose 12-character prefix is not all digits (as Docker's)."""
        gen = self
        while True:
            words = []
            for _ in range(4):
                gen, word = gen._next64()
                words.append(f"{word:016x}")
            ident = "".join(words)
            if not ident[:12].isdigit():
                return gen, ident

    def generate(
        self, taken: Iterable[str] = (), *, container_id: str | None = None
    ) -> tuple[NameGenerator, str]:
        """The name the daemon would give a new unnamed container, without the leading ``/``.

        ``taken`` holds names already in use (with or without their ``/``). Up to six names
        are drawn (retries 0 to 5); when all are taken the name is the first 12 characters of
        ``container_id`` after any ``algorithm:`` prefix (a fresh random ID when not given).
        A taken fallback raises :class:`~dockerlinks.errors.ContainerNameError` with the
        registry's message.
        """
        try:
            used = {_bare(name) for name in taken}
        except TypeError:
            raise ContainerNameError("taken names must be strings") from None
        return self.generate_free(lambda name: name in used, container_id=container_id)

    def generate_free(
        self, is_taken: Callable[[str], bool], *, container_id: str | None = None
    ) -> tuple[NameGenerator, str]:
        """:meth:`generate` with the registry asked name by name (``is_taken`` gets the name
        without its ``/``), so the cost does not grow with the number of names in use."""
        if not callable(is_taken):
            raise ContainerNameError(f"is_taken must be callable, not {shown(is_taken)}")
        used = _Asked(is_taken)
        gen = self
        for retry in range(_ATTEMPTS):
            gen, name = gen.random_name(retry)
            if name not in used:
                return gen, name
        if container_id is None:
            gen, container_id = gen.random_id()
        if not isinstance(container_id, str) or not container_id:
            raise ContainerNameError(f"invalid container ID: {shown(container_id)}")
        fallback = container_id[container_id.find(":") + 1 :][:12]  # stringid.TruncateID
        if fallback in used:
            raise ContainerNameError("name is reserved")
        return gen, fallback


class _Asked:
    """``name in used`` through a callable."""

    def __init__(self, is_taken: Callable[[str], bool]) -> None:
        self._is_taken = is_taken

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._is_taken(name))


def _bare(name: str) -> str:
    if not isinstance(name, str):
        raise TypeError(name)
    return name[1:] if name.startswith("/") else name


def generate_name(seed: int, taken: Iterable[str] = ()) -> str:
    """The first name a :class:`NameGenerator` seeded with ``seed`` generates.

    >>> generate_name(1) == generate_name(1)
    True
    >>> generate_name(1).count("_"), generate_name(1) in generate_name(1, taken=["x"])
    (1, True)
    """
    return NameGenerator(seed).generate(taken)[1]
