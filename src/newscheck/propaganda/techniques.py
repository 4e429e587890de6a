"""The 14 technique labels of SemEval-2020 Task 11, with names and definitions.

Definitions are one-sentence paraphrases of the annotation guidelines
(Da San Martino et al., 2019, 2020).
"""

from __future__ import annotations

__all__ = ["DEFINITIONS", "HUMAN_NAMES", "TECHNIQUES"]

#: PTC label strings, in the order of the task's technique list.
TECHNIQUES: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)

HUMAN_NAMES: dict[str, str] = {
    "Appeal_to_Authority": "Appeal to authority",
    "Appeal_to_fear-prejudice": "Appeal to fear or prejudice",
    "Bandwagon,Reductio_ad_hitlerum": "Bandwagon / reductio ad Hitlerum",
    "Black-and-White_Fallacy": "Black-and-white fallacy",
    "Causal_Oversimplification": "Causal oversimplification",
    "Doubt": "Doubt",
    "Exaggeration,Minimisation": "Exaggeration or minimisation",
    "Flag-Waving": "Flag-waving",
    "Loaded_Language": "Loaded language",
    "Name_Calling,Labeling": "Name calling or labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogan",
    "Thought-terminating_Cliches": "Thought-terminating cliché",
    "Whataboutism,Straw_Men,Red_Herring": "Whataboutism, straw man or red herring",
}

DEFINITIONS: dict[str, str] = {
    "Appeal_to_Authority": (
        "Claims something is true because an authority or expert said so, "
        "without other evidence."
    ),
    "Appeal_to_fear-prejudice": (
        "Builds support for an idea by stirring fear or prejudice about the "
        "alternative."
    ),
    "Bandwagon,Reductio_ad_hitlerum": (
        "Urges joining a view because everyone holds it, or rejects one because "
        "a hated group holds it."
    ),
    "Black-and-White_Fallacy": (
        "Presents two options as the only possible ones when more exist."
    ),
    "Causal_Oversimplification": (
        "Reduces a complex issue to a single cause when several are involved."
    ),
    "Doubt": "Questions the credibility of someone or something without evidence.",
    "Exaggeration,Minimisation": (
        "Represents something as much larger or much smaller than it really is."
    ),
    "Flag-Waving": (
        "Plays on strong national or group feeling to justify or promote an idea."
    ),
    "Loaded_Language": (
        "Uses words or phrases with strong emotional connotations to influence "
        "the reader."
    ),
    "Name_Calling,Labeling": (
        "Labels a person or group with a term the audience fears, hates or praises."
    ),
    "Repetition": (
        "Repeats the same message over and over so the audience comes to accept it."
    ),
    "Slogans": (
        "Uses a brief, striking phrase that may include labeling or stereotyping."
    ),
    "Thought-terminating_Cliches": (
        "Uses a short, generic phrase that discourages critical thought and ends "
        "discussion."
    ),
    "Whataboutism,Straw_Men,Red_Herring": (
        "Deflects criticism by pointing at the opponent, distorting their "
        "position, or bringing in an irrelevant topic."
    ),
}
