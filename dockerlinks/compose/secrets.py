"""Which environment variable names look like secrets (for ``secret-exposed-via-link``).

What it must not know: compose files or links; it judges one name.

A name is split into words at every character that is not a letter or digit (``_``, ``-``,
``.``) and at camel-case boundaries (``dbPassword`` is ``db`` + ``Password``); words are
compared upper-cased. Rule table::

    word                                   looks secret when
    -------------------------------------  ----------------------------------------------
    PASSWORD PASSWORDS PASSWD PASSPHRASE   anywhere, alone or as the end of a word
    SECRET SECRETS TOKEN TOKENS            (DB_PASSWORD, DBPASSWORD, GITHUBTOKEN)
    CREDENTIAL CREDENTIALS CREDS
    KEY KEYS APIKEY ACCESSKEY SECRETKEY    as a whole word (API_KEY, SECRET_KEY, apiKey)
    PRIVATEKEY SIGNINGKEY MASTERKEY
    ENCRYPTIONKEY LICENSEKEY
    PASS PWD                               as the last word of a longer name (DB_PASS,
                                           MYSQL_ROOT_PWD; not PWD alone, the working
                                           directory, and not PASS_THROUGH)

So ``API_KEY``, ``DB_PASSWORD`` and ``AWS_SECRET_ACCESS_KEY`` look secret; ``MONKEY``,
``KEYBOARD_LAYOUT``, ``TOKENIZER_PATH``, ``SECRETARY`` and ``PWD`` do not.

>>> [name for name in ["API_KEY", "MONKEY", "KEYBOARD_LAYOUT", "dbPassword", "PWD"]
...  if looks_secret(name)]
['API_KEY', 'dbPassword']
"""

from __future__ import annotations

import re

from dockerlinks._args import wrong_type

__all__ = ["looks_secret"]

_SUFFIX_WORDS = (
    "PASSWORD",
    "PASSWORDS",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "TOKENS",
    "CREDENTIAL",
    "CREDENTIALS",
    "CREDS",
)
_WHOLE_WORDS = frozenset(
    {
        "KEY",
        "KEYS",
        "APIKEY",
        "ACCESSKEY",
        "SECRETKEY",
        "PRIVATEKEY",
        "SIGNINGKEY",
        "MASTERKEY",
        "ENCRYPTIONKEY",
        "LICENSEKEY",
    }
)
_LAST_WORDS = frozenset({"PASS", "PWD"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SEPARATOR = re.compile(r"[^A-Za-z0-9]+")


def _words(name: str) -> list[str]:
    words: list[str] = []
    for part in _SEPARATOR.split(name):
        words.extend(word.upper() for word in _WORD.findall(part))
    return words


def looks_secret(name: str) -> bool:
    """Whether an environment variable name looks like it holds a secret (module rule)."""
    if not isinstance(name, str):  # inline: the checker asks once per variable
        raise wrong_type(name, str, "name")
    words = _words(name)
    for word in words:
        if word in _WHOLE_WORDS or word.endswith(_SUFFIX_WORDS):
            return True
    return len(words) > 1 and words[-1] in _LAST_WORDS
