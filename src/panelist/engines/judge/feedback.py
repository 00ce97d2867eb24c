"""Strengths, weaknesses, tips, flags and justification that agree with the judge's score.

Every point quotes the sentences that drive it: a strength is a sentence whose removal lowers
the score most; a flag's evidence is the sentence whose removal lowers that style's probability
most. Styles that explain an answer by themselves (an answer to another question, a list of
keywords) silence the praise of its specifics. What keeps a mid-range answer from the top is
named only where the text bears it out (an example from a smaller setting, no reason given for
what was done); a note on the score itself is a ``check_score`` flag for a reviewer, not a
weakness. The justification says what earns the score and what keeps it from the next level.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache

from panelist.aggregate import CHECK_SCORE, UNJUDGED
from panelist.copying import REPEATED, UNREAD
from panelist.engines.base import EvaluationRequest, Feedback
from panelist.engines.judge.rounds import Alone
from panelist.engines.judge.wording import Wording
from panelist.engines.rubric.signals import LIST_RUN
from panelist.followups import asks_for_plan
from panelist.guard import Guard
from panelist.judge.inputs import MAX_PIECES, JudgeInput, Piece
from panelist.judge.model import Prediction
from panelist.lexicon import get_lexicon
from panelist.models import Evidence, Flag, Point, QuestionType
from panelist.text import (
    ACTION,
    DONE,
    HABIT,
    NOT_DONE,
    PRESENT_EED,
    capital_i,
    content_stems,
    content_words,
    sentences,
    shorten,
    stem,
    stem_set,
    words,
)

#: A strength must raise the score by at least this much (points, leave-one-out).
STRENGTH_EFFECT = 1.0
#: A reading whose claim the text rules out, under its flag's threshold, is named to a reviewer
#: as what lowers the score from this probability (half the threshold of "inflated claims"),
#: when nothing else explains the score.
RULED_OUT_FROM = 0.25
MAX_STRENGTHS = 3
#: Strengths are named for answers scored at least this (weak or better), from sentences of at
#: least this many words.
STRENGTHS_FROM = 35
#: Rule findings reported without setting the rest of the feedback aside: the judge read the
#: answer without those sentences.
NOTED = frozenset({"grader_instruction", *UNREAD})
#: Findings that do not lower the score (the judge read the answer without those sentences, or
#: only its first sentences): never given as what keeps an answer from the next level.
UNSCORED = frozenset({*UNREAD, "truncated"})
#: From this score an answer is adequate: its best piece is always named.
ADEQUATE = 55
STRENGTH_WORDS = 6
#: A quote is shown cut to about this many characters (in the justification, this many).
QUOTE_CHARS = 160
JUSTIFICATION_QUOTE = 70
#: A low-scoring answer shorter than this many words is told it is too brief.
BRIEF_WORDS = 40
BRIEF_BELOW = 55
#: A reference point counts as covered above this word-stem overlap, or above this similarity
#: when the sentence also says at least this many of the point's stems: a sentence on the same
#: topic that says one word of it at most ("the pharmacy always sent the wrong doses" against
#: "checks the prescription against the five rights: patient, drug, dose, ...") is similar but
#: does not state the point.
REFERENCE_SIMILARITY = 0.6
REFERENCE_RECALL = 0.5
REFERENCE_SHARED = 2
#: A behavioural answer scored at most this, with more "we" than "I" and no action of the
#: candidate's own ("I built ..."), is told its own role is unclear even when the model's
#: ``we_no_role`` probability stays under its threshold.
OWN_ROLE_MAX = 74
#: A reading split between a good answer and a poor one: the styles whose raters' mean is at
#: least :data:`GOOD_MEAN`, and those whose mean is at most :data:`POOR_MEAN`, each take
#: :data:`SPLIT_SHARE` of the style probability (of the styles that count in the score, not
#: sharpened), or more. The score then lies
#: between the two readings and is least sure: out of fold (one-seed grouped cross-validation
#: of model 1.9's recipe), 80 of the 1,900 training answers (4.2%) are so read, and their
#: scores miss the raters' by 24.3 points on average against 6.0 for the others (72% of them
#: by more than 15 points, against 8.4%). A reviewer is told (``check_score``).
SPLIT_SHARE = 0.25
GOOD_MEAN = 70.0
POOR_MEAN = 40.0
#: The poor reading is named by its likeliest style when that style holds this share of it.
NAMED_SHARE = 0.5
#: Answers scored from :data:`ADEQUATE` up to this (excluded) to behavioural questions are told
#: when they give no reason for anything they did (:func:`_gives_reason`).
REASONS_BELOW = 90
#: The model's reading of an answer as told in a second language's grammar from which its
#: actions told in the present count as actions (:data:`_TOLD_NOW`).
SECOND_LANGUAGE = 0.5
#: Strengths of this kind come last in the justification, which quotes the first: a sentence
#: that sets out the situation may raise the score most, but what the candidate did, achieved
#: or covered is what earns it.
DETAIL = "relevance"
#: An answer that tells this many actions with "I" gives a method: its figures are not called
#: "too large to be credible without a method" unless the lexicon finds one implausible.
METHOD_ACTIONS = 3
#: An answer that tells this many past actions with "I", and no word of habit, tells one case:
#: it is not said to describe "a usual process rather than one specific case" (none of the 40
#: training and dev answers of that style to a question about the past does; 85% of the
#: exemplary ones do).
CASE_ACTIONS = 3
#: An answer "lists tools and terms instead of describing work" when it lists at least this many
#: short items ("Airflow, Spark, Kafka, ...") and at least :data:`TERMS_PER_ACTION` per action it
#: tells ("I look at the orders, move my best picker to the priority lane, ..." describes work).
TERMS_MIN = 6
TERMS_PER_ACTION = 2
#: What a sentence that states an outcome says. A figure alone ("a 30% markdown", "waste was
#: at 6.2%"), "fixed" as an adjective ("a fixed weekly template") or "results" as a thing
#: ("the search results page", "document the results in the log") is not an outcome.
_RESULT = re.compile(
    r"\b(as a result|result(?:ed|ing)? in|results? (?:was|were|is|came|show(?:s|ed)?|improved)|"
    # "saves you time if", "calf raises": present and plural forms state no change; "cut to
    # length" is a state of a part; "launch data", "launching campaigns" are no launch
    # "the saved search", "the completed forms", "his whole savings": a thing, not an outcome
    r"reduc\w*|increas\w*|(?<!the )improv\w*|(?<!the )(?<!\ba )(?<!my )(?<!our )(?<!his )(?<!her )"
    r"(?<!their )(?<!whole )sav(?!es (?:you|us|them|time|money)\b)\w*|"
    r"cut(?! to (?:length|size|fit|shape))|grew|lower\w*|"
    # "raised it with the product manager" is an action, not a rise
    r"rais(?!es\b)\w*(?! (?:it|this|that|the (?:issue|problem|question)|concerns?|"
    r"a (?:ticket|concern|flag|question))\b)|"
    r"fell|dropp\w*|achiev\w*|deliver(?:ed|ing|s)?|(?<!\ban )(?<!\bany )outcome(?! measures?\b)|"
    r"resolv\w*|shipped|"
    r"launched|on time|"
    r"went live|since then|no longer|adopt\w*|(?<!the )(?<!\ba )(?<!my )(?<!our )completed|"
    r"finished|doubl\w*|halv\w*|"
    r"faster|fewer|prevent\w*|avoid\w*|won|within (?:a )?couple of (?:hours|days|weeks|months)|"
    r"within (a|an|\w+) \w+ (hours?|"
    r"days?|weeks?|months?)|went (?:down |up )?from|declin\w*|rose|shrank|restored|"
    # "down to 3%", "down to two a week", not "go down to row level"
    r"down to (?:(?:about|around|under|just|only|roughly|below|almost|nearly) )*(?:\d+|zero|none|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|a (?:few|handful|third|quarter|half))|"
    r"recovered|discharged|back (?:up|online|(?:to )?normal)|got (?:it|them|\w+ \w+) back|"
    r"in (?:the )?end|"  # "in end": second-language grammar drops the article
    # an outcome that went wrong is an outcome too
    r"missed (?:the|our|its|their|a|that) (?:\w+ )?(?:deadline|cut-?off|launch|target|date|"
    r"window|sla|release)s?|lost (?:the|a|our|two|three|\d+) (?:\w+ )?(?:clients?|customers?|"
    r"accounts?|contracts?|deals?)|(?:slipped|overran) by)\b"
    r"(?!-)"  # "double-charging", "cut-over": a compound, not an outcome
    r"|\b(?:up|down) (?:by )?(?:about |almost |nearly |over )?\d[\d.,]*\s*(?:%|percent|points?)"
    r"|(?:\b(?:I|we|they|he|she|it|was|were|got|been|be|had|have|has|is|are|now)|'s)\s+"
    r"(?:\w+ly\s+)?fixed\b(?!-)"
    r"|\bafter (?:this|that),?(?:\s+\w+){1,3}\s+(?:was|were|became|felt|is|are)\b"
    # "from 68% to 76%", not a range ("anywhere from 170 to 210 grams")
    r"|(?<!anywhere )(?<!ranging )(?<!ranged )(?<!varying )(?<!varied )\bfrom \d[\d.,]*"
    r"(?:\s+\w+){0,3}\s+to \d"
    r"|\b(?:compared (?:to|with)|against) (?:about |roughly |around |more than |over |under )?"
    r"(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|a dozen)\b"
    r"[^.;]{0,40}"
    r"\b(?:before|previously|the (?:week|month|quarter|year) before)\b"
    r"(?!,? (?:I|we|it|they|any|the)\b)",
    re.IGNORECASE,
)
#: Words before an outcome word in the base form that make it an aim or a possibility, not
#: something that happened: "my task was to reduce", "to save time", "it would improve".
_NOT_YET = re.compile(
    r"\b(?:to|would|could|should|will|might|may|can|cannot|can't)\s+(?:\w+ly\s+)?$"
    r"|\bto\s+(?:make|get|keep)\s+(?:\w+\s+){0,3}$"  # "to make stuff faster": an aim
    r"|\bbefore\s+(?:it|they|this|that|the\s+\w+)\s+(?:was|were|got)\s+$"  # "before it was cut"
    r"|\bfor\s+$"  # "GPU support for faster inference": what it is for
    r"|\bwhen\s+(?:I|we|they|he|she|it)\s+$",  # "when we got the seals back they were cracked"
    re.IGNORECASE,
)
#: ... or a condition in the clause before it ("if things don't improve", "once things are
#: stable", "until it drops"): an outcome word in the base form is none; told in the past ("if
#: costs dropped") it is still read as one by :func:`_outcome_at`, not by :func:`_came_of`.
_CONDITION = re.compile(r"\b(?:if|unless|until|whenever|once|in case)\b[^,.;:]*$", re.IGNORECASE)
#: A main clause of what could or would then be done: "if it dropped, we could ring back".
_SUPPOSED = re.compile(
    r"[^.;]{0,40}?\b(?:I|we|they|you|he|she|it)\s+(?:could|would|might|'d)\b", re.IGNORECASE
)
#: Comparatives that state a change only with an amount ("lower by 20%", "lower, to 3%").
_COMPARED = frozenset({"lower", "lowers"})
#: ... unless the "to" tells what came of something: "led to fewer complaints", "we managed
#: to halve the backlog", "it allowed us to cut costs".
_CAME_TO = re.compile(
    r"\b(?:led|due|thanks|managed|able|contributed|helped|went on"
    r"|(?:allowed|enabled|helped|got) \w+)\s+to\s+(?:\w+ly\s+)?"
    r"(?:(?:make|get|keep)\s+(?:\w+\s+){0,3})?$",
    re.IGNORECASE,
)
#: A change the candidate noticed or found ("I noticed that his saturations had dropped",
#: "I identified patterns: churn risk increased after ...") is the situation, not an outcome:
#: a verb of noticing with no action of the candidate's between it and the change.
_NOTICED = re.compile(
    r"\b(?:notic|identifi|spott|realis|realiz|discover|observ|detect|saw\b)\w*\b", re.I
)
_SENTENCE_END = re.compile(r"[.!?;]\s+(?=[A-Z])")
#: What came of a story, in words :data:`_RESULT` leaves out because they do not always state a
#: result (others' responses, states reached, markers of the end of a story): read in the story's
#: later two thirds, they are enough to make "no clear outcome or result is stated" untrue. That
#: weakness was said of 330 of the 2,005 training and dev answers, most of them told with an
#: outcome ("He agreed", "The insurer accepted it and paid the claim", "The firm signed up").
_CAME_OF = re.compile(
    r"\b(?:(?<!\bwe )(?<!\bI )agreed|accepted|approved|signed(?: (?:it )?off| up)?|renewed|"
    r"upgraded|downgraded|paid|"
    r"passed|hired|promoted|returned|came back|went back|matched|settled|ended|"
    r"stopped|closed|retired|replaced|mitigated|caught|thanked|recovered|expanded|extended|"
    r"turned into|(?:never|didn't|did not|hasn't|haven't|has not|have not) (?:\w+ )?(?:came up|"
    r"come up|happened|happen|had|seen|recurred|again)|since then|ever since|by the end|"
    r"eventually|in (?:the )?end|finally|afterwards|after that|turned out|it worked|"
    r"went (?:well|smoothly|fine|ahead)|got (?:\w+ )?(?:better|worse|right)|"
    r"got a (?:bit|little|lot) (?:better|worse)|nothing (?:really |much )?changed|"
    r"(?:was|were|is|are) (?:back|fine|resolved|solved|settled|sorted|stable|on time|in place)|"
    r"(?:up|down) from|out of \d|(?:now|still) (?:use|uses|run|runs|have|has|do|does|check|checks)|"
    r"told me|said (?:it|that|they)|hit (?:my|our|the|their) (?:\w+ )?(?:quota|target|deadline|"
    r"number)s?|(?:there (?:is|was|are|were)|we (?:have|had)) no (?:such |more |further )?"
    r"(?:issue|problem|error|complaint|incident)s?|"
    r"stayed|came out|(?:was|were) still|placed|awarded|went out|worked (?:well|fine|out)|"
    r"so now (?:\w+ ){0,3}(?:has|have|is|are|uses?|runs?|shows?)|"
    r"(?:working|running|open|online|up) again|(?:the )?(?:average|rate|score|total|shrink|waste|"
    r"turnover|churn) (?:was|is|came|fell|rose)|"
    r"(?:didn't|did not|never) (?:have|get|see|make|lose|need) (?:another|a single|any|the)|"
    # what others did with what the candidate did: "they added 25 seats", "she used it", told
    # in the past or, as in second-language answers, in the present ("team leader accept it")
    r"(?:they|he|she|the (?:client|customer|team|manager|buyer|seller)) (?:\w+ )?(?:added|used|"
    r"bought|ordered|chose|picked|kept|dropped|pulled|booked|adopted|moved|switched)|"
    r"(?:he|she|they|client|customer|manager|team leader|founder|doctor) (?:\w+ )?(?:accepts?|"
    r"agrees?|approves?|signs?|pays?|finds?|thanks?|says? thank)\b)\b",
    re.IGNORECASE,
)
#: More of what came of a story (wording 15: 22 answers scored 55 or more were told they state
#: no outcome, most of them ending so), each narrowed to the form that tells it.
_CAME_OF_MORE = re.compile(
    # what stopped happening: "she wasn't late for an opening again", not "we never want that
    # to happen again"
    r"\b(?:wasn't|weren't|was not|were not|didn't|did not|never) "
    r"(?!(?:want|wanted|need|needed|let|allow|allowed|going)\b)(?:\w+ ){1,4}again\b"
    # percentages measured against a baseline or another group: "31% against 22%"
    r"|\d[\d.,]*\s*%\s+(?:against|versus|vs\.?|compared (?:to|with))\s+(?:about |around )?\d"
    # a state reached in a time: "within a month he was at 95%", "within three months median
    # first response was under two days"; not "within a week, I had written"
    r"|\bwithin (?:about |around |roughly |only )?(?:a|an|one|two|three|four|five|six|\d+|a few|"
    r"half an) (?:\w+ )?(?:hours?|days?|weeks?|months?|years?),? (?:he|she|they|it|the|our|his|"
    r"her|their|median|average|every|all)\b(?: \w+){0,3} (?:was|were|went|fell|rose|dropped)\b"
    # second-language present forms with an amount: "his grade go up to 68", "the tardies go
    # down more than half", "LCP come back to 2.0 second"; a subject that "become" one
    r"|\b(?:go|goes|come|comes) (?:up|down|back) (?:to |by |more than |over )?(?:about |around )?"
    r"(?:\d|half\b|a third\b)"
    r"|(?:\b(?:he|she|they|it)|(?-i:\b[A-Z][a-z]+)) become (?:one of|a|an|the|our|my)\b"
    r"|\bnow (?:all|every|each) (?:the )?\w+ (?:use|uses|run|runs|check|checks)\b"
    r"|\bnow (?:I|we|they|he|she) (?:never|always)\b"
    # a decision on the case, not the history before it: "she was admitted in March", "the
    # claims were discontinued"; not "he had been admitted three days earlier"
    r"|\b(?:was|were|got) (?:\w+ly )?(?:admitted|discontinued|withdrawn|dismissed|reinstated|"
    r"refunded|reimbursed|published|sold)\b(?! (?:\w+ ){0,3}(?:earlier|before|ago|previously)\b)"
    r"|\bwent under contract\b|\b(?:which|that) fixed\b|\bdisappeared\b|\bwent away\b"
    # what the other did when asked ("I was asking him to stop. He did, and we're still
    # friends"), a change kept since ("I've done all three on every print job since."), a
    # habit changed ("I now sum-check any shares"), a decision reached ("We switched to a
    # number field")
    r"|(?<!what )\b(?:he|she|they) did(?=\s*[,.;!]|\s+and\b)|\b(?:are|were|'re) still friends\b"
    r"|\bsince(?=\s*[.!]|\s*$)"
    r"|\b(?:I|we) now (?!(?:think|realise|realize|know|understand|see|believe|feel|work|am|are)\b)"
    r"|\bwe (?:\w+ )?switched (?:over )?to\b"
    r"|\bwent to (?:zero|none|\d)|\bhelped(?=\s*[.!;])"
    # a count of people who got it right: "nine of the eleven got the ratio questions right"
    r"|\b(?:\w+ of (?:the |my |our )?\w+|all|both|everyone|everybody) got (?:\w+ ){0,3}right\b"
    # a sale and the interest in it, in the past or (second-language answers) the present;
    # not an aim ("our target is to get 20 bookings a week")
    r"|\b(?:sell|sells|sold) (?:it )?(?:for|at|above|over)\b"
    r"|(?<!\bto )\b(?:get|gets|got|had|received) (?:\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|a few|several) (?:\w+ )?(?:offers|showings|bookings|orders|replies|responses|"
    r"referrals|saves)\b",
    re.IGNORECASE,
)
#: "I'd say it worked": the candidate's view of what happened, not what they would do.
_HEDGE = re.compile(r"^\W*(?:I|we)(?:'d|\u2019d| would) (?:say|think|guess)(?: that)?\s+", re.I)


def _came_of(sentence: str) -> bool:
    """Whether ``sentence`` tells what came of a story (:data:`_CAME_OF`,
    :data:`_CAME_OF_MORE`): not as what the candidate would do ("Afterwards I would reflect on
    it"; "Because I'd dealt with him before, he accepted it" tells it), nor under a condition
    in its clause."""
    if _would_do(_HEDGE.sub("", sentence)):
        return False
    for pattern in (_CAME_OF, _CAME_OF_MORE):
        for m in pattern.finditer(sentence):
            if not _CONDITION.search(sentence[: m.start()]):
                return True
    return False


#: A change told in the past perfect ("his score had gone from 3 to 7") is what had happened
#: before the story, unless the sentence places it later ("by the end, churn had dropped").
_HAD = re.compile(r"\bhad\s+(?:\w+ly\s+|already\s+)?(?:gone\s+|been\s+)?$", re.IGNORECASE)
_LATER = re.compile(
    r"\b(?:by (?:the end|then|now|the time)|within|afterwards?|later|since|after (?:that|this))\b",
    re.IGNORECASE,
)
#: Something the candidate set or adjusted ("I increased his oxygen within the target range",
#: "I sat him up, raised the bed") is an action; "I cut the build time to 12 minutes" says what
#: came of it, by how much.
_ADJUSTED = re.compile(
    r"(?:\b(?:I|we)\s+(?:\w+ly\s+|also\s+|then\s+)?|,\s*(?:and\s+|then\s+)?)$", re.IGNORECASE
)
#: Words that tie what was done, or would be done, to a reason: a cause ("because", "so we
#: could", "it turned out"), an aim ("to make sure", "in order to"), a choice ("rather than"),
#: a judgement ("I thought", "the risk", "pointed out") or a condition ("if ... I'd"); and, in
#: :func:`_gives_reason`, an aim told as "to" and a verb ("handlers to finish requests", not
#: "had to stop" or "went to the ward"), "for" and a quality ("for faster inference"), "as" and
#: a clause ("as his score had jumped") and "for" joining a clause (", for safety came first").
#: Answers to behavioural questions that give none of them, in the training data: 0 of the 169
#: rated 90 or more, 17 of the 329 rated 55-85 and 1 of the 106 rated 86-89; in the dev set, 0
#: of 18, 0 of 15 and 1 of 7 (with the words of this pattern alone: 0, 29 and 7; 0, 1 and 1; a
#: review found five of twelve answers that give reasons in those other ways told they do not).
#: Technical answers: not used (1 of 45 rated 90 or more in training has none of the words,
#: but 2 of 9 in the dev set). A narrower set of 24 words was absent from 14% of those rated
#: 55-85, but also from answers whose reasons a reader sees at once ("I told the director ... it
#: would very likely end in a grievance", "so everyone could see their own conversion").
_REASON = re.compile(
    r"\b(?:because|since|due to|as a precaution|the reason|which (?:meant|means)|meaning"
    r"|that's why|which is why|to make sure|to ensure|to avoid|to prevent|to protect|to keep"
    r"|in order to|rather than|instead of|given (?:that|the)|otherwise|that way|why"
    r"|the (?:goal|aim|point|idea) (?:was|is)|explain\w*|argu\w*|pointed out"
    r"|I (?:thought|felt|believed|knew|judged|reasoned)|risks?|worr\w*|concern\w*"
    r"|found that|turned out|caused by|came from|root cause)\b"
    r"|\bso\b(?!\s+(?:far|much|many|long|good|well|bad|often|few|little|called|busy|big|small"
    r"|hard|quickly|fast|slow|stressful|important)\b)"
    r"|\bif\b[^.;]{0,80}(?:\b(?:would|will|could|might)\b|'d\b|'ll\b)"
    r"|(?:\b(?:would|will|could|might)\b|'d\b|'ll\b)[^.;]{0,80}\bif\b",
    re.IGNORECASE,
)
#: Words before "to" that do not make the verb after it an aim ("had to", "went to", "how to").
_NOT_AIM_BEFORE = frozenset(
    """had have has having want wanted wants need needed needs going able like liked tried try
    decided decide asked ask told tell used began begin started start continued managed agreed
    refused hoped planned expected seemed learned learnt chose offered promised how what where
    when whether due next up back went go came come moved move talked talk spoke speak listened
    listen wrote write sent send said say close according prior compared similar related get
    got""".split()
)
#: Words after "to" that are no verb ("to the ward", "to them", "to two").
_NOT_VERB = frozenset(
    """the a an my our their his her its this that these those me him them us you it be do each
    every all one two three four five six seven eight nine ten""".split()
)
_TO = re.compile(r"\b(\w+)\s+to\s+([a-z]+)\b", re.IGNORECASE)
_AIM = re.compile(
    r"\bfor (?:faster|better|safer|lower|higher|quicker|cheaper|easier|reliability|safety"
    r"|security|speed|consistency|accuracy|performance|visibility|traceability|compliance)\b"
    r"|\bas (?:it|they|he|she|we|I|the|his|her|their|our|there|that|this)\b[^.;,]{0,40}"
    r"\b(?:was|were|had|would|could|is|are|did|didn't|wasn't|couldn't|hadn't)\b"
    r"|,\s+for\s+(?!example\b|instance\b)[^.;,]{0,30}\b(?:came|was|were|is|are|had|might|would"
    r"|could|mattered|matters)\b",
    re.IGNORECASE,
)


def _gives_reason(text: str) -> bool:
    """Whether ``text`` ties something done to a reason (:data:`_REASON`)."""
    if _REASON.search(text) or _AIM.search(text):
        return True
    return any(
        m.group(1).lower() not in _NOT_AIM_BEFORE and m.group(2).lower() not in _NOT_VERB
        for m in _TO.finditer(text)
    )


#: A sentence that says why its action was taken, for the strength that quotes it: a cause or
#: an aim only (a choice or a judgement may not be the action's reason).
_WHY = re.compile(
    r"\b(?:because|so that|in order to|to make sure|to ensure|to avoid|to prevent|which meant"
    r"|that's why|which is why|so (?:I|we|they|he|she|it|the|that|everyone|people|our|my) (?:could"
    r"|would|can|didn't|wouldn't|did|knew|had))\b",
    re.IGNORECASE,
)
#: A figure a strength may be labelled "with figures" for: an amount with a unit, a share or a
#: currency, or a number of two digits or more that does not name a school year or grade
#: ("Year 7 fractions" is not a figure).
_FIGURE = re.compile(
    r"(?<![Yy]ear )(?<![Gg]rade )(?<![Ll]evel )(?:[$£€]\s?\d|\b\d[\d,.]*\s*(?:%|percent\b|x\b"
    r"|k\b|m\b|ms\b|bn\b|million\b|billion\b|hours?\b|days?\b|weeks?\b|months?\b|years?\b"
    r"|minutes?\b|mins?\b|seconds?\b|people\b|staff\b|users\b|customers\b|patients\b"
    r"|orders\b|tickets\b|calls\b)|\b\d{2,}[\d,.]*\b)"
)
#: Where an answer says its example comes from a smaller or earlier setting than the role
#: (study, an internship, a first job or year, a small firm, "I haven't ... yet", "the closest I
#: have"): what grounds the judge's ``junior_small_scale`` reading, and the sentence quoted for
#: it. Found in 150 of the training data's 152 answers of that style, and in 49 of the 214 rated
#: 90 or more (so it only grounds the reading, never raises it). Words that say nothing of scale
#: ("school", "students", "never", "three of us", "years ago") are not in it: a review found
#: them quoted under answers from a large school.
_SMALLER = re.compile(
    r"\b(?:intern(?:ship)?s?|placements?|volunteer\w*|co-op|apprentic\w*|trainee|capstone"
    r"|bootcamp|graduat(?:e|ed|ion) (?:scheme|programme|program|role|job|project)"
    r"|(?:recent|new) graduate|at university|at college|in college|my degree|master's|studying"
    r"|final-year|small(?:er)? (?:\w+ )?(?:company|firm|team|business|shop|store|practice|clinic"
    r"|startup|start-up|charity|agency|office|site|branch|hotel|restaurant|school|ward|department"
    r"|organi[sz]ation|scale|project|budget)|tiny|modest|first (?:job|year|role|listing|\w+ job)"
    r"|early in my career|junior|assistant|part-time|saturday job|summer job|freelance|closest"
    r"|(?:this|that) (?:level|scale|size)|not yet|before I (?:moved|became|was)"
    r"|before (?:moving|becoming)|\d+[- ](?:person|room|seat|bed|cover)|formula student|campus"
    r"|student (?:teaching|shift|supervisor|worker|ambassador|team|association|nurse|teacher|job"
    r"|project|placement)s?|my (?:university|college|school)'s"
    r"|(?:clinic|hygiene|catering|nursing|medical|law|business) (?:school|college)"
    r"|(?:last|final|senior|first|second) (?:\w+ )?(?:year|semester)"
    r"|haven't (?:\w+ ){0,2}(?:yet|in industry)|haven't (?:faced|been|formally|had|run|led|managed)"
    r"|(?:it's|is|was) small|small stakes)\b",
    re.IGNORECASE,
)
_SETTING = re.compile(r"^(?:increas|reduc|rais|lower|cut|improv|doubl|halv|dropp)", re.IGNORECASE)
_AMOUNT = re.compile(r"^[^,;.]*?(?:\d|\b(?:by|to|from)\b|\bhalf\b|\ba (?:third|quarter|fifth)\b)")


#: What the candidate would do, told with "I'd", "we'd" or "would" ("I'd contact the customer
#: ...", "So here I'd do ...", "If they still weren't convinced, I'd look for ..."), or with
#: "will", "'ll", "shall", "going to" or "gonna" after "I" or "we" ("First I'll check the
#: logs", "we're going to ask ..."), not reported ("I knew we would miss it"). "I'd" with a
#: past participle, after an adverb or not, is "I had" ("I'd already fixed it", "I'd also
#: reduced the batch size"), and "would have" tells what did not happen, whatever happened
#: instead ("will have" is still to happen). "I'll be honest", "I'll give you an example"
#: and the like address the interviewer, and "going to" a place is no plan.
_WOULD_DO = re.compile(
    r"(?<!\bthat )(?<!\bknew )(?<!\bthought )(?<!\bsaid )"
    r"\b(?:I|we)(?:(?:'d|\u2019d)\s+"
    r"(?!(?:\w+ly\s+|also\s+|then\s+|just\s+|already\s+|never\s+)?"
    r"(?:been|done|had|gone|seen|made|got|taken|left|sent|built|told|found|kept|lost|won|"
    r"written|spoken|spent|given|brought|led|held|paid|known|shown|said|heard|met|taught|"
    r"thought|bought|caught|felt|sold|understood|chosen|begun|broken|forgotten|dealt|grown|"
    r"fought|stood|meant|drawn|driven|fallen|flown|sat|slept|struck|thrown|worn|hung|lent|"
    r"sworn|drunk|eaten|ridden|shaken|stolen|woken|"
    r"(?![a-z]*eed\b)[a-z]+ed)\b)| would\s+(?!have\b)"
    r"|(?:(?:'ll|\u2019ll)\s+| will\s+| shall\s+)"
    r"(?!(?:always\s+|never\s+)?(?:be (?:honest|frank|brief|straight)|admit|say|confess|"
    r"tell you|give you|walk you|take you|remember|forget)\b)"
    r"|(?:'m|\u2019m|'re|\u2019re| am| are)\s+(?:going\s+to|gonna)\s+"
    r"(?!(?:the|my|our|a|an|his|her|their|them|him|work|school|bed|be honest)\b))",
    re.IGNORECASE,
)
#: Speech reported: "told him", "told the client", "promised them (that)" before "I'll ...".
_REPORTED = re.compile(
    r"\b(?:told|promised|assured|warned|reassured)\s+(?:\w+\s+){1,2}(?:that\s+)?$", re.IGNORECASE
)


def _would_do(sentence: str) -> bool:
    """Whether ``sentence`` tells what the candidate would do (:data:`_WOULD_DO`): what it
    names, in its condition or after, has not happened; said to someone in the story
    (:data:`_REPORTED`), it is reported, not planned."""
    return any(
        not _REPORTED.search(sentence, max(0, m.start() - 40), m.start())
        for m in _WOULD_DO.finditer(sentence)
    )


#: A sentence that sums up the answer before it ("That's basically how I'd approach it", "So
#: this is what I did"): it tells no step or action of its own.
SUM_WORDS = 12
_SUMS_UP = re.compile(
    r"^\W*(?:(?:so|and|but|basically|overall|anyway|yeah|um|well),?\s+)*(?:that|this)"
    r"(?:'s|\u2019s| is| was)\s+(?:\w+\s+){0,3}?(?:how|what|the way)\b",
    re.IGNORECASE,
)


def _sums_up(sentence: str) -> bool:
    """Whether ``sentence`` only sums up the answer (:data:`_SUMS_UP`, in at most
    :data:`SUM_WORDS` words and with no colon: "This is what I did first: I called the client"
    goes on to tell it)."""
    short = len(sentence.split()) <= SUM_WORDS and ":" not in sentence
    return short and _SUMS_UP.search(sentence) is not None


def _plan_asked(question: str) -> bool:
    """Whether ``question`` asks what the candidate would do, not what they did."""
    return asks_for_plan(question)


def _outcome_at(text: str) -> int | None:
    """Where ``text`` states an outcome (:data:`_RESULT`) that happened, not one aimed at, the
    situation noticed or before the story, or a setting the candidate changed; ``None`` if it
    does not."""
    return next(_outcomes_at(text), None)


def _outcomes_at(text: str) -> Iterator[int]:
    """Each place where ``text`` states an outcome, as :func:`_outcome_at` reads one."""
    for m in _RESULT.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()]
        aim = (_NOT_YET.search(before) or _CONDITION.search(before)) and not _CAME_TO.search(before)
        if aim and not m.group(0).lower().endswith(("ed", "ing")):
            continue
        if m.group(0).lower() in _COMPARED and not _AMOUNT.match(text[m.end() :]):
            continue  # "the lower right", "higher or lower than his house": no change told
        sentence = _SENTENCE_END.split(text[: m.start()])[-1]
        if _would_do(sentence + _SENTENCE_END.split(text[m.start() :])[0]):
            continue
        if _CONDITION.search(before) and _SUPPOSED.match(text, m.end()):
            continue  # "so if it dropped we could ring back": supposed, not told
        noticed = list(_NOTICED.finditer(sentence))
        if noticed and not ACTION.search(sentence, noticed[-1].end()):
            continue
        if _HAD.search(before) and not _LATER.search(text):
            continue
        word = m.group(0)
        if _ADJUSTED.search(before) and _SETTING.match(word) and not _AMOUNT.match(text[m.end() :]):
            continue
        yield m.start()


#: The candidate's own verb, or what it took, in the clause so far: "I cut", "I then reduced",
#: "I cut it down to"; not "I think we went from".
_OWN_VERB = re.compile(r"\bI\s+(?:(?:\w+ly|also|then|just|finally)\s+)?$")
_OWN_OBJECT = re.compile(r"(?:\s+[\w'-]+){0,4}\s+$")


def _own_verb_only(text: str) -> bool:
    """Whether every outcome ``text`` states is told in a clause of the candidate's own verb
    ("So I cut it down to four charts"), which may tell what they did as much as what came of
    it."""
    places = list(_outcomes_at(text))
    for at in places:
        clause = _CLAUSE.split(text[max(0, at - 60) : at])[-1]
        acted = [m for m in _TOLD_ACTION.finditer(clause) if _OWN_OBJECT.fullmatch(clause, m.end())]
        if not (_OWN_VERB.search(clause) or acted):
            return False
    return bool(places)


def _outcome(text: str) -> bool:
    """Whether ``text`` states an outcome that happened (:func:`_outcome_at`)."""
    return _outcome_at(text) is not None


#: An action told in the first person ("I move", "we'd ask") or, after a comma or "and", a verb
#: that continues a chain of them ("..., ask the early shift"): a word before a determiner.
_DOING = re.compile(
    r"\b(?:I|we)(?:'d|'ll| would| will)?(?:\s+(?:then|also|first|just|quickly))?\s+([a-z]+)\b"
    r"|(?:[,;:]\s*|\b(?:and|then)\s+)(?:then\s+|also\s+|first\s+)?([a-z]+)\s+"
    r"(?=(?:the|a|an|my|our|his|her|their|its|each|every|any|anyone|them|him|it|all|this|that)\b)"
)
_ITEM_SPLIT = re.compile(r",|\b(?:and|or)\b")
#: Words in those places that are not actions.
_NOT_DOING = frozenset(
    """am have has had think believe know feel love like want hope guess mean would will can
    could should must may might do usually always typically try tend need prefer enjoy consider
    wish also really was were use used and or but with for in on at of to from by as into about
    is are be been including such like""".split()
)
_WE = re.compile(r"\bwe\b", re.I)
#: Where a reference point turns from what to do to what not to do.
_CONTRAST = re.compile(r"\b(?:rather than|instead of|as opposed to)\b", re.I)
#: Where the "B" of "A rather than B" ends, when the text goes on with details.
_CONTRAST_END = re.compile(r"[:;(]| — ")
_I = re.compile(r"\bI\b")
#: A part claimed as the candidate's own without "I": "The failure analysis was mine", "my
#: part was the retry wrapper", not "my role was never defined" (a reply to "What was your own
#: part?" was told its role was unclear; no training or dev answer said "we" throughout with
#: one).
_OWNED = re.compile(
    r"\b(?:was|were) (?:all |entirely )?mine\b"
    r"|\bmy (?:own )?(?:part|role|job|task|share) (?:was|is) (?!(?:never|not|no|un\w+)\b)",
    re.I,
)


#: "Mostly restates the question" is untrue of an answer with more than ``OWN_STEMS`` content-word
#: stems the question lacks, under ``ECHO_SHARE`` of its content words being the question's
#: (the 41 training and dev answers of the restated style: 4 to 28 stems of their own, and
#: over 42% of their content words the question's).
OWN_STEMS = 40
ECHO_SHARE = 0.3


def _restates(question: str, answer: str) -> bool:
    """True of "mostly restates the question", by the words of the answer the question has."""
    asked = content_stems(question)
    said = [stem(w) for w in content_words(answer)]
    echoed = sum(w in asked for w in said)
    own = {w for w in said if w not in asked}
    return len(own) <= OWN_STEMS or echoed >= ECHO_SHARE * len(said)


def _we_throughout(answer: str) -> bool:
    """True of "says 'we' throughout": "we" twice or more and more often than "I", no action
    told with "I" and no part claimed as the candidate's own (:data:`_OWNED`)."""
    we = len(_WE.findall(answer))
    return (
        we >= 2
        and we > len(_I.findall(answer))
        and not ACTION.search(answer)
        and not _OWNED.search(answer)
    )


@lru_cache(maxsize=4096)
def _contrast(text: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """The stems only in "A" and only in "B" of a text "A rather than B" (``None`` without one);
    kept for the latest texts, as a key point is read against every piece."""
    parts = _CONTRAST.split(text, maxsplit=1)
    if len(parts) < 2:
        return None
    before, after = parts
    # "B" ends where a colon, a semicolon or a bracket starts the detail of "A": in "combines
    # several signal types rather than one: adoption, support, ..." the signals are A's.
    end = _CONTRAST_END.search(after)
    if end:
        before, after = f"{before} {after[end.end() :]}", after[: end.start()]
    first, second = stem_set(before), stem_set(after)
    return first - second, second - first


@lru_cache(maxsize=4096)
def _wanted_first(point: str) -> frozenset[str]:
    """The stems of a point's "A" before "rather than", without its details after "B" (those
    of :func:`_contrast`'s "A" include them): a text may state either."""
    split = _contrast(point)
    if split is None:
        return frozenset()
    return stem_set(_CONTRAST.split(point, maxsplit=1)[0]) - split[1]


#: A key point "head: details" whose head has at least this many stems is stated by a text with
#: all of them and no negation ("The error budget is 1 minus the SLO" of "Error budget = 1 -
#: SLO: the amount of unreliability allowed in the window"), as a concise answer states it.
HEAD_STEMS = 3
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: A negation: a head with one says what not to do or what only holds ("No three days are
#: added" shares its stems with "three days are added"), and a text with one may deny the head
#: ("I forgot to rotate the keys", "monitor rather than rotate").
_NEGATED = re.compile(
    r"\b(?:no|not|never|none|nor|without|only|cannot|\w+n['\u2019]t|forg[eo]t|fail(?:ed|s)? to|"
    r"skipp\w*|refus\w*|neglect\w*|instead|rather than|overkill)\b",
    re.IGNORECASE,
)
#: A head that sets an order or a preference ("Rotate the keys after a breach", "bcrypt over
#: SHA-256"), which a text can turn round with the same words: read whole, not by its stems.
_ORDERED = re.compile(
    r"\b(?:before|after|over|than|instead|opposed|versus|vs|until|unless)\b", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _head_stems(point: str) -> frozenset[str]:
    """The stems of a point's head, before its first colon (:data:`HEAD_STEMS`); empty for a
    point without one, or whose head has a negation or sets an order (:data:`_ORDERED`; "A
    rather than B" is :func:`_wanted_first`'s)."""
    head, colon, _ = point.partition(":")
    stems = stem_set(head)
    if not colon or len(stems) < HEAD_STEMS or _NEGATED.search(head) or _ORDERED.search(head):
        return frozenset()
    return stems


def _states_head(text: str, point: str) -> bool:
    """Whether ``text`` states the head of ``point`` (:func:`_head_stems`), its numbers too ("1"
    of "1 - SLO", which stems drop), and denies nothing."""
    head = _head_stems(point)
    if not head or not head <= stem_set(text) or _NEGATED.search(text):
        return False
    said = set(_NUMBER.findall(text))
    return all(n in said for n in _NUMBER.findall(point.partition(":")[0]))


#: A text that waves a matter aside: it does not state a point on that matter ("Status doesn't
#: really matter here, since a cancelled order still shows intent" was credited with filtering
#: orders by status).
_DISMISSES = re.compile(
    r"\b(?:doesn['\u2019]t|does not|don['\u2019]t|do not|wouldn['\u2019]t|won['\u2019]t)\s+"
    r"(?:really\s+|actually\s+)?(?:matter|bother|worry)\b"
    r"|\bno (?:need|point) (?:to|in)\b|\b(?:isn['\u2019]t|is not|aren['\u2019]t|not) (?:really )?"
    r"(?:needed|necessary|important|relevant|worth)\b",
    re.IGNORECASE,
)
#: A key point with at least this many figures is stated by a text with all of them.
FIGURES_STATED = 3


def _states_figures(text: str, point: str) -> bool:
    """Whether ``text`` has every figure of ``point`` (:data:`FIGURES_STATED` or more: a
    calculation and its result, "ADR is £23,364 ÷ 177 = £132" of "ADR is room revenue divided
    by rooms sold: £23,364 ÷ 177 = £132") and what the point is about, its first word ("€24,700
    of hard savings" has the figures of "Cost avoidance is (€2.45 - €2.26) x 130,000 =
    €24,700"), and denies nothing."""
    figures = set(_NUMBER.findall(point))
    named = content_words(point)[:1]
    return (
        len(figures) >= FIGURES_STATED
        and figures <= set(_NUMBER.findall(text))
        and bool(named)
        and stem(named[0]) in stem_set(text)
        and not _NEGATED.search(text)
    )


def _passes_over(text: str, wanted: frozenset[str]) -> bool:
    """Whether ``text`` says "A rather than B" with B starting with a word of ``wanted`` ("MD5
    rather than bcrypt" of a point that wants bcrypt; not "instead of paging on raw error
    thresholds, alert on burn rate", whose "error" is the point's too)."""
    parts = _CONTRAST.split(text, maxsplit=1)
    first = content_words(parts[1])[:1] if len(parts) == 2 else []
    return bool(first) and stem(first[0]) in wanted


def _goes_against(text: str, point: str, strict: bool = False) -> bool:
    """A point of the form "A rather than B" and a text that does the opposite, however similar
    the two read: it names B (a third of B's words or more; ``strict``: and two of them, or its
    one word) and nothing of A ("check the accuracy" against "precision-recall rather than
    accuracy"), or it says "B rather than A"."""
    split = _contrast(point)
    if split is None:
        return False
    wanted, rejected = split
    said = stem_set(text)
    named = len(said & rejected)
    least = max(len(rejected) / 3, min(2, len(rejected)) if strict else 1)
    if named and named >= least and not said & wanted:
        return True
    told = _contrast(text)
    if told is None:
        return False
    chosen, passed_over = told
    return bool(chosen & rejected) and bool(passed_over & wanted) and not chosen & wanted


def _states_result(answer: str, action: re.Match[str]) -> bool:
    """Whether an action told with "I" is itself an outcome ("I reduced shrink by 60%"), read
    with what follows it."""
    at = _outcome_at(answer[action.start() :])
    return at is not None and at <= action.group(0).rfind(" ") + 1


def _own_actions(answer: str) -> int:
    """How many actions ``answer`` tells with "I" that are not results themselves ("I reduced
    shrink by 60%" is a claim, not an action)."""
    return sum(not _states_result(answer, m) for m in ACTION.finditer(answer))


def _claims_without_method(answer: str) -> bool:
    """True of "results too large to be credible without a method": a figure the lexicon finds
    implausible ("revenue up 340% in a week"), or fewer than :data:`METHOD_ACTIONS` actions told
    with "I" that are not results themselves ("I reduced shrink by 60%" is a claim, not a
    method)."""
    if get_lexicon().find("implausible", answer):
        return True
    return _own_actions(answer) < METHOD_ACTIONS


def _usual_process(answer: str) -> bool:
    """True of "describes a usual process rather than one specific case": fewer than
    :data:`CASE_ACTIONS` past actions told with "I" that are not results themselves, or a word
    of habit ("I always", "my approach", "whenever"; :data:`HABIT`)."""
    if HABIT.search(answer):
        return True
    return _own_actions(answer) < CASE_ACTIONS


def _lists_terms(answer: str) -> bool:
    """True of "lists tools and terms instead of describing work": at least :data:`TERMS_MIN`
    short listed items, and :data:`TERMS_PER_ACTION` of them or more per action told."""
    terms = sum(len(_ITEM_SPLIT.split(m.group(0))) for m in LIST_RUN.finditer(answer))
    verbs = [(m.start(i), m.group(i)) for m in _DOING.finditer(answer) if (i := m.lastindex)]
    actions = {at for at, verb in verbs if verb.lower() not in _NOT_DOING}
    return terms >= TERMS_MIN and terms >= TERMS_PER_ACTION * len(actions)


#: A past action told with "I", an adverb or not between them ("I also set up ...").
_TOLD_ACTION = re.compile(
    r"\bI\s+(?:(?:\w+ly|also|then|just|first|later|finally|once|even)\s+)?"
    rf"(?:(?!{NOT_DONE})(?!{PRESENT_EED}\b)[a-z]+ed\b|(?:{DONE}|held|kept|put|brought|spent|paid|cut|went)\b)"
)


def _told_action(piece: Piece) -> bool:
    """Whether ``piece`` tells a past action with "I" (:data:`_TOLD_ACTION`)."""
    return _TOLD_ACTION.search(capital_i(piece.said)) is not None


def _words(count: int) -> str:
    """``count`` words, said so: "1 word", "12 words"."""
    return f"{count} word" if count == 1 else f"{count} words"


def _piece_evidence(answer: str, piece: Piece) -> Evidence:
    return Evidence.of(answer, piece.start, piece.end)


#: Where a clause of a sentence starts.
_CLAUSE = re.compile(r"[,;:]\s+|\s[-\u2013\u2014]\s")


#: An outcome told of nothing in particular: "things did improve after that", "it worked out
#: in the end" (an outcome all the same, but not a concrete one).
_VAGUE_OUTCOME = re.compile(
    r"\b(?:things|it|everything|everyone|stuff|the situation|morale|the relationship|the team)"
    r"\s+(?:did\s+|really\s+|definitely\s+|slowly\s+|gradually\s+|quickly\s+|all\s+)?"
    r"(?:improved?|got (?:a (?:lot|bit) )?better|went (?:much |a lot )?(?:well|better|smoother"
    r"|smoothly)|settled down|calmed down|worked out)\b",
    re.IGNORECASE,
)


#: What the candidate would do here, in this role ("So here I'd do the same: ...", "I'd do the
#: same thing here on a bigger scale"), or what carries over from the smaller setting ("It's a
#: much smaller operation than a plant, but the logic of separating price from usage was the
#: same").
_APPLIED = re.compile(
    r"\b(?:here|in this role|in this job|at this scale|on a (?:bigger|larger) scale)\b"
    r"(?=.*\b(?:I'd|I would|I'll|I will)\b)"
    r"|\b(?:I'd|I would|I'll|I will)\b.*\b(?:here|in this role|in this job|at this scale"
    r"|on a (?:bigger|larger) scale)\b"
    r"|\b(?:logic|principle|approach|method)\b[^.;]{0,60}\b(?:is|was|would be) "
    r"(?:exactly )?the same\b"
    r"|\bthe same (?:logic|principle|approach|method) (?:applies|would apply|holds|carries over)\b"
    r"|\b(?:I'd|I would) do (?:the same|exactly that|likewise)\b",
    re.IGNORECASE,
)


#: How a plan's success would be judged, not a step of it: "I'd count it a success if ...".
_CRITERION = re.compile(
    r"\bI(?:'d| would) (?:count|consider|call|judge|measure)\b[^.;]{0,30}\bsuccess(?:ful)?\b",
    re.IGNORECASE,
)
#: Fillers between "I" and a verb in spoken answers: "I, uh, pulled in the on-call dev".
_I_FILLER = re.compile(
    r"\bI(?:,?\s+(?:uh|um|er|erm)\b)*,\s+(?=[a-z])|\bI\s+(?:(?:uh|um|er|erm),?\s+)+"
)
#: A decision reached together: "We agreed he'd work from the closing checklist".
_DECIDED = re.compile(r"\bwe (?:\w+ )?(?:agreed|decided)\b", re.IGNORECASE)
#: A lesson, not an action: "What I took away: ...".
_TOOK_AWAY = re.compile(r"(?<=took) away\b", re.IGNORECASE)
#: The time a situation is set in: "When I joined Mossgrove, email was 11% of revenue".
_WHEN_I = re.compile(r"\bwhen\s+$", re.IGNORECASE)


def _with_i(text: str) -> str:
    """``text`` with "I" as the actions are told with it: capital (:func:`capital_i`) and no
    filler after it (:data:`_I_FILLER`)."""
    return _I_FILLER.sub("I ", capital_i(text))


def _acts(text: str) -> bool:
    """Whether ``text`` tells an action of the candidate's (:data:`_TOLD_ACTION`) other than the
    time it is set in ("When I joined ..., email was about 11% of revenue" was credited as what
    the candidate did)."""
    plain = _with_i(text)
    return any(
        not _WHEN_I.search(plain[: m.start()]) and not _TOOK_AWAY.match(plain, m.end())
        for m in _TOLD_ACTION.finditer(plain)
    )


#: A past action told in the present, as second-language answers tell a story ("I ask my nurse
#: unit manager if I can trial it", "I fix it same day"): "I" and a verb that is no state, view,
#: wish, habit or lesson.
_TOLD_NOW = re.compile(
    r"\bI\s+(?:(?:also|then|first|just|immediately|\w+ly)\s+)?(?!(?:am|think|believe|know|"
    r"feel|like|love|want|hope|guess|mean|have|had|would|will|can|could|should|must|may|might|"
    r"do|don't|did|didn't|always|usually|often|sometimes|never|really|need|wish|prefer|was|"
    r"were|see|notice|realise|realize|understand|learn|work|live|remember|agree)\b)[a-z]+s?\b"
)


def _acts_now(text: str) -> bool:
    """Whether ``text`` tells an action with "I" in the present (:data:`_TOLD_NOW`)."""
    return _TOLD_NOW.search(_with_i(text)) is not None


def _sets_scene(text: str) -> bool:
    """Whether ``text``, told before the candidate's first action, only sets the scene: it
    tells no action of theirs ("I, uh, pulled in the on-call dev") and nothing that came of
    the story ("We agreed he'd work from the closing checklist")."""
    plain = _with_i(text)
    told = _TOLD_ACTION.search(plain) or _DECIDED.search(plain)
    return not (told or _came_of(plain) or _outcome(plain))


def _vague_outcome(quote: str) -> bool:
    """Whether ``quote`` tells its outcome only of nothing in particular, with no figure
    (:data:`_VAGUE_OUTCOME`): not credited as "a concrete outcome" (G22057, whose feedback
    also said it has few specifics of what changed)."""
    return _VAGUE_OUTCOME.search(quote) is not None and not re.search(r"\d", quote)


def _outcome_evidence(answer: str, piece: Piece) -> Evidence | None:
    """What of ``piece`` to quote as its outcome, so that the quote as shown (cut to
    :data:`QUOTE_CHARS`) states it: the sentence, or, when the cut would drop the outcome, the
    sentence from the earliest clause whose shown part states it; ``None`` without an outcome."""
    ev = _piece_evidence(answer, piece)
    if _would_do(ev.quote):  # its clauses alone may read as told ("thank them, ...")
        return None
    if _outcome(shorten(ev.quote, QUOTE_CHARS)):
        return ev
    at = _outcome_at(ev.quote)
    if at is None:
        return None
    for clause in _CLAUSE.finditer(ev.quote, 0, at):
        part = Evidence.of(answer, piece.start + clause.end(), piece.end)
        if _outcome(shorten(part.quote, QUOTE_CHARS)):
            return part
    return None


def _fill(template: str, quote: str = "", **values: object) -> str:
    return template.format(quote=shorten(quote, QUOTE_CHARS), **values)


def _head(point: Point) -> str:
    """A point's text without the quote at its end: its evidence (a key point it names may have
    a colon of its own), or, with no evidence, what the template quotes (a missed key point)."""
    for ev in point.evidence[:1]:
        tail = f': "{shorten(ev.quote, QUOTE_CHARS)}"'
        if point.text.endswith(tail):
            return point.text[: -len(tail)]
    if not point.evidence and point.text.endswith('"') and ': "' in point.text:
        return point.text.split(': "', 1)[0]
    return point.text


class Writer:
    """Writes the feedback of one evaluation."""

    def __init__(
        self,
        wording: Wording,
        request: EvaluationRequest,
        item: JudgeInput,
        prediction: Prediction | None,
        guard: Guard,
        alone: Alone | None = None,
    ) -> None:
        self.w = wording
        self.request = request
        self.answer = request.answer
        #: The answer with a lower-case "i" as "I", for the rules that look for the candidate's
        #: own actions (an answer typed in lower case was told its own role was unclear).
        self.plain = capital_i(request.answer)
        #: How many words the candidate wrote, as messages say it (not only those read).
        self.written = _words(len(words(request.answer)))
        self.item = item
        self.p = prediction
        self.guard = guard
        #: In a second round, the first answer alone, when the score is held to it or the
        #: exchange scores lower (``engines/judge/rounds.py``): the justification says so.
        self.alone = alone
        #: Every key point the answer misses (the feedback names the first two), read where
        #: missed points are named: under a score of 90.
        self.missed: list[str] = []
        self.out = Feedback()
        self.credited: set[str] = set()
        #: The question asks what the candidate would do: no past example or result is asked for.
        self.plan = _plan_asked(request.question.text)
        #: A technical question (a case to work through) is answered in its own wording: no
        #: past situation is asked for ("Pick one situation and say what you did with the
        #: tools" was told of an NEC ampacity calculation).
        self.technical = request.question.type == QuestionType.TECHNICAL
        #: Styles that explain the low score but whose claim the text rules out, with what to
        #: tell a reviewer of each.
        self.overruled: list[tuple[str, str]] = []
        #: The same for styles under their flag's threshold but :data:`RULED_OUT_FROM` likely:
        #: named to a reviewer only when nothing else explains the score.
        self.unflagged: list[tuple[str, str]] = []
        self._claims: dict[str, bool] = {}
        #: A flag raised says nothing in the answer is to be praised (``no_praise``).
        self.no_praise = False

    def write(self, score: int) -> Feedback:
        """All of it, for the final ``score``."""
        blocked = self._rules()
        blocked |= self._styles(score)
        split = self._split_reading(score)
        if not blocked:
            if not self.no_praise:
                self._strengths(score)
            self._gaps(score)
            if (
                score < ADEQUATE
                and not self.out.weaknesses
                and not self._weighs_down()
                and split is None
            ):
                self._unexplained()
        if split is not None:
            self.out.flags.append(split[0])
        self.out.justification = self._justification(score, split)
        return self.out

    def again(self, score: int, alone: Alone) -> Feedback:
        """The feedback written anew for ``score``, with what the first answer ``alone`` of a
        second round says of it."""
        return Writer(self.w, self.request, self.item, self.p, self.guard, alone).write(score)

    def _rules(self) -> bool:
        for finding in self.guard.findings:
            wording = self.w.rules[finding.code]
            quotes = [self.guard.sentences[i] for i in finding.sentences[:2]]
            ev = [Evidence.of(self.answer, s.start, s.end) for s in quotes]
            self.out.flags.append(Flag(code=finding.code, message=wording.message, evidence=ev))
            quote = ev[0].quote if ev else self.answer.strip()[:160]
            self._weakness(finding.code, _fill(wording.weakness, quote), wording.tip, ev)
        if self.item.truncated:
            message = self.w.rules["truncated"].message.format(pieces=MAX_PIECES)
            self.out.flags.append(Flag(code="truncated", message=message))
        return any(f.code not in NOTED for f in self.guard.findings)

    def _styles(self, score: int) -> bool:
        if self.p is None or any(f.code not in NOTED for f in self.guard.findings):
            return False
        blocked = False
        ranked = sorted(self.p.styles.items(), key=lambda kv: -kv[1])
        for style, prob in ranked:
            wording = self.w.styles.get(style)
            if wording is None or score > wording.max_score or prob < RULED_OUT_FROM:
                continue
            if prob < wording.threshold:
                if wording.overruled is not None and not self._claim_holds(style):
                    self.unflagged.append((style, wording.overruled))
                continue
            if not self._claim_holds(style):
                if wording.overruled is not None:
                    self.overruled.append((style, wording.overruled))
                continue
            ev = self._style_evidence(style)
            if not ev:
                continue  # nothing of the answer shows it: nothing to show a reviewer
            quote = ev[0].quote
            if wording.flag:
                message = wording.message.format(words=self.written)
                self.out.flags.append(Flag(code=wording.flag, message=message, evidence=ev))
            said = self.w.style(style, self.plan, self.technical)
            text = _fill(said.weakness, quote, words=self.written)
            tip = said.tip
            if wording.tip_when_applied and any(_APPLIED.search(p.said) for p in self.item.pieces):
                tip = wording.tip_when_applied
            self._weakness(wording.flag or style, text, tip, ev)
            blocked |= wording.blocks_strengths
            self.no_praise |= wording.no_praise
        return blocked

    def _split_reading(self, score: int) -> tuple[Flag, str] | None:
        """A note for a reviewer, and what it calls the poor reading, when the judge reads the
        answer both as a good one and as a poor one (:func:`split_reading`) and the final
        ``score`` lies between the two; ``None`` otherwise, or when a rule found something that
        sets the score (text addressed to the grader caps it, for example).

        The poor reading is named by its likeliest style when that style holds
        :data:`NAMED_SHARE` of it and the text bears the style's claim out, with the sentences
        that most raise it; else only by its level ("a poor answer"), with the sentences that
        lower the score: the note never says, or quotes as evidence, what the text shows to be
        untrue ("inflated claims" of an answer that tells how the candidate worked)."""
        if self.p is None or any(f.code not in UNREAD for f in self.guard.findings):
            return None
        split = split_reading(self.p.styles, self.p.style_means, self.p.left_out)
        if split is None or not split.poor_score <= score <= split.good_score:
            return None
        poor = self.w.readings.get(split.poor_style)
        named = (
            poor is not None
            and split.poor_style_share >= NAMED_SHARE
            and self._claim_holds(split.poor_style)
        )
        if poor is None or not named:
            poor = self._level_name(split.poor_score)
        message = self.w.notes["split_reading"].format(
            good=self._level_name(split.good_score),
            good_score=round(split.good_score),
            poor=poor,
            poor_score=round(split.poor_score),
            score=score,
        )
        if named:
            ev = self._style_evidence(split.poor_style)
        else:  # the sentences that lower the score, not those read as a style ruled out
            lowering = sorted(
                (e, k) for k, e in enumerate(self.p.piece_score) if e <= -STRENGTH_EFFECT
            )
            ev = [_piece_evidence(self.answer, self.item.pieces[k]) for _, k in lowering[:2]]
        return Flag(code=CHECK_SCORE, message=message, evidence=ev), poor

    def _level_name(self, score: float) -> str:
        """ "a strong answer", "a poor answer": the band of ``score`` with its article."""
        level = self.w.level(round(score)).lower()
        return f"{_article(level)} {level}"

    def _claim_holds(self, style: str) -> bool:
        """:meth:`_claim_check`, once per style of this answer."""
        if style not in self._claims:
            self._claims[style] = self._claim_check(style)
        return self._claims[style]

    def _claim_check(self, style: str) -> bool:
        """False when a style's message makes a literal claim the text shows to be untrue:
        "says 'we' throughout" of an answer that tells an action with "I", or "looks technically
        wrong" of an answer that covers every key point and names nothing a point advises
        against (the check against the key points that the flag asks for finds nothing), "would
        do, not what they did" of an answer to a question that asks what they would do,
        "lists tools and terms instead of describing work" of one that tells actions,
        "describes a usual process rather than one specific case" of one that tells past actions
        and no habit, or "mostly restates the question" of one whose words are mostly its own."""
        if style == "we_no_role":
            return _we_throughout(self.plain)
        if style == "factual_error":
            return not self._every_point_met()
        if style == "inflated_metrics":
            return _claims_without_method(self.plain)
        if style == "hypothetical_only":
            return not self.plan
        if style == "general_process":
            return self.plan or _usual_process(self.plain)
        if style == "keyword_stuffing":
            return _lists_terms(self.plain)
        if style == "restates_question":
            return _restates(self.request.question.text, self.plain)
        if style == "junior_small_scale":
            return any(_SMALLER.search(piece.said) for piece in self.item.pieces)
        return True

    def _every_point_met(self) -> bool:
        """Every reference point is covered by a piece by its words (similarity alone credited
        G22098's "For RevPAR you take all the revenue ... food and beverage" with "The figures use
        rooms revenue only"), and no piece names only what a point advises against."""
        points = self._points()
        said = [piece.said for piece in self.item.pieces]
        return bool(points) and all(
            any(self._covers(text, pt, 0.0) for text in said) and self._against(pt) is None
            for pt in points
        )

    def _points(self) -> list[str]:
        """The question's reference points (key points), stripped."""
        return [pt.strip() for pt in self.request.question.reference_points if pt.strip()]

    def _piece_covers(self, k: int, point: str) -> bool:
        """Piece ``k`` covers ``point``: by word stems, or by similarity when ``point`` is the
        reference it states most closely (``Prediction.piece_reference``)."""
        assert self.p is not None
        index, sim = self.p.piece_reference[k]
        close = index >= 0 and self.item.references[index] == point
        return self._covers(self.item.pieces[k].said, point, sim if close else 0.0)

    def _style_evidence(self, style: str) -> list[Evidence]:
        assert self.p is not None
        pieces = self.item.pieces
        if len(pieces) == 1:
            return [_piece_evidence(self.answer, pieces[0])]
        effects = [(e[style], k) for k, e in enumerate(self.p.piece_style)]
        first: list[int] = []
        if style == "factual_error":
            # A sentence that goes against a key point is the evidence when there is one; one
            # that states a key point in its own words is never quoted as wrong.
            points = self._points()
            first = [
                k
                for k, piece in enumerate(pieces)
                if any(_goes_against(piece.said, pt) for pt in points)
            ]
            effects = [
                (e, k)
                for e, k in effects
                if k not in first
                and not any(self._covers(pieces[k].said, pt, 0.0) for pt in points)
            ]
        if style == "partial":
            # a sentence that covers a key point shows what the answer has, not what it lacks
            # (the missed points are named apart): "Covers only part of what a complete answer
            # needs" quoted G09098's correct units calculation
            points = self._points()
            effects = [
                (e, k) for e, k in effects if not any(self._piece_covers(k, pt) for pt in points)
            ]
        best = first or [k for e, k in sorted(effects, reverse=True) if e > 0]
        if style == "general_process" and self._claim_holds(style):
            # A sentence with a word of habit ("I always", "my approach") shows what the claim
            # says, however little the model's reading rests on it; a past action of the
            # candidate's own is what such an answer needs more of, not evidence of a habit
            # (quoted only when nothing else raises the reading). A note on a reading ruled out
            # quotes the sentences read so, as they are.
            habits = [k for k, piece in enumerate(pieces) if HABIT.search(piece.said)]
            rest = [k for k in best if k not in habits]
            untold = [k for k in rest if not _told_action(pieces[k])]
            best = (habits + untold) or rest
        if style == "junior_small_scale":
            # The sentence that says where the example comes from, the one read so most first.
            ranked = [k for _, k in sorted(effects, reverse=True)]
            best = [k for k in ranked if _SMALLER.search(pieces[k].said)][:1]
        return [_piece_evidence(self.answer, pieces[k]) for k in best[:2]]

    def _strengths(self, score: int) -> None:
        """The pieces whose removal lowers the score most, and the key points the answer covers.

        A weak answer is credited only for what it did or achieved (or, to a plan question, the
        steps it sets out), never called convincing; so is a poor one whose score a reading the
        text rules out explains; an adequate one in which no single piece carries the score is
        credited for those too.
        """
        # a reading ruled out explains the score (unflagged: when no style weakness does)
        ruled = bool(self.overruled) or (bool(self.unflagged) and not self.out.weaknesses)
        if self.p is None or (score < STRENGTHS_FROM and not ruled):
            return
        pieces = self.item.pieces
        effects = self.p.piece_score or [STRENGTH_EFFECT] * len(pieces)
        order = sorted(range(len(pieces)), key=lambda k: -effects[k])
        # A sentence quoted as a weakness is not also a strength, nor is one that names what a
        # key point advises against (the gaps may quote it so).
        seen: set[int] = {e.start for w in self.out.weaknesses for e in w.evidence}
        points = self._points()
        seen |= {
            piece.start for piece in pieces if any(_goes_against(piece.said, pt) for pt in points)
        }
        for k in order:
            if effects[k] < STRENGTH_EFFECT or len(self.out.strengths) >= MAX_STRENGTHS:
                break
            self._credit(k, seen, weak=score < ADEQUATE)
        least = STRENGTH_EFFECT
        if (score >= ADEQUATE or ruled) and not self.out.strengths:
            # No single piece carries the score (or a reading the text rules out lowers it):
            # name what the text shows it did or achieved.
            least = 0.0
            for k in order:
                if len(self.out.strengths) < 2:
                    self._credit(k, seen, weak=True)
        if self._story and not any(s.kind == "results" for s in self.out.strengths):
            self._credit_outcome([k for k in order if effects[k] >= least], seen)
        # A key point the answer covers is credited whatever its sentence does to the score.
        for point in self._points():
            if point in self.credited or len(self.out.strengths) >= MAX_STRENGTHS:
                continue
            covering = [
                k
                for k in order
                if self.item.pieces[k].start not in seen and self._piece_covers(k, point)
            ]
            if covering:
                piece = self.item.pieces[covering[0]]
                seen.add(piece.start)
                self.out.strengths.append(self._covers_point(piece, point))

    def _credit(self, k: int, seen: set[int], weak: bool) -> None:
        """Credit piece ``k`` once; ``weak``: only for an action (or a step of a plan), a result or
        a key point."""
        piece = self.item.pieces[k]
        if piece.start in seen or len(piece.said.split()) < STRENGTH_WORDS or _sums_up(piece.said):
            return  # "That's how I'd approach it" sums up the answer: nothing of its own
        point = self._strength(k, piece)
        if weak and point.kind == "relevance":
            return
        seen.add(piece.start)
        self.out.strengths.append(point)

    def _credit_outcome(self, helping: list[int], seen: set[int]) -> None:
        """Credit the outcome the story tells: the piece among ``helping`` (those that raise
        the score, most first) that states one, in place of the last strength that is only "one
        of the most convincing parts", or else of the last of two or more actions, when there is
        no room."""
        for k in helping:
            piece = self.item.pieces[k]
            if piece.start in seen or len(piece.said.split()) < STRENGTH_WORDS:
                continue
            ev = self._outcome_of(k, piece)
            if ev is None:
                continue
            plain = [s for s in self.out.strengths if s.kind == DETAIL]
            actions = [s for s in self.out.strengths if s.kind == "actions"]
            spare = plain or (actions if len(actions) >= 2 else [])
            if len(self.out.strengths) >= MAX_STRENGTHS:
                if not spare:
                    return
                self.out.strengths.remove(spare[-1])
                seen -= {e.start for e in spare[-1].evidence}
            seen.add(piece.start)
            text = _fill(self.w.strengths["result"], ev.quote)
            self.out.strengths.append(Point(text=text, kind="results", evidence=[ev]))
            return

    def _outcome_of(self, k: int, piece: Piece) -> Evidence | None:
        """What of piece ``k`` to quote as an outcome (:func:`_outcome_evidence`), unless it
        comes before the first action the candidate tells with "I": there it is the situation
        the story starts from ("our error rate went from 0.1% to 18%"), not what came of it; nor
        when it is vague (:func:`_vague_outcome`). When a later piece tells an outcome, neither
        is the first sentence's ("only around 40% of managers completed it": the baseline), nor
        one told only as the candidate's own verb ("So I cut it down to four charts": what they
        did; what came of it follows)."""
        if k < self._first_action:
            return None
        ev = _outcome_evidence(self.answer, piece)
        if ev is None or _vague_outcome(ev.quote):
            return None
        if (k == 0 or _own_verb_only(ev.quote)) and self._last_told > k:
            return None
        return ev

    @cached_property
    def _last_told(self) -> int:
        """The last piece that states an outcome or tells what came of the story (-1 if none)."""
        pieces = self.item.pieces
        told = [k for k, p in enumerate(pieces) if _outcome(p.said) or _came_of(p.said)]
        return told[-1] if told else -1

    @cached_property
    def _story(self) -> bool:
        """Whether the question asks for a past case (behavioural, not a plan)."""
        return self.request.question.type == QuestionType.BEHAVIORAL and not self.plan

    @cached_property
    def _second_language(self) -> bool:
        """Whether the model reads the answer as told in a second language's grammar, whose
        stories are often told in the present."""
        return self.p is not None and self.p.styles.get("non_native", 0.0) >= SECOND_LANGUAGE

    @cached_property
    def _first_action(self) -> int:
        """The first piece that tells an action of the candidate's with "I" (0 if none): in the
        past, or in the present in an answer told in a second language's grammar."""
        pieces = self.item.pieces

        def acts(p: Piece) -> bool:
            said = capital_i(p.said)
            return bool(ACTION.search(said)) or (self._second_language and _acts_now(said))

        return next((i for i, p in enumerate(pieces) if acts(p)), 0)

    def _covers_point(self, piece: Piece, point: str) -> Point:
        """The strength that ``piece`` covers key point ``point`` (now credited)."""
        self.credited.add(point)
        ev = [_piece_evidence(self.answer, piece)]
        text = _fill(self.w.strengths["reference"], ev[0].quote, point=point)
        return Point(text=text, kind="accuracy", evidence=ev)

    def _strength(self, k: int, piece: Piece) -> Point:
        assert self.p is not None
        ev = [_piece_evidence(self.answer, piece)]
        said = ev[0].quote  # the candidate's words, not the neutralised text the judge read
        ref_index, ref_sim = self.p.piece_reference[k]
        templates = self.w.strengths
        point = self.item.references[ref_index] if ref_index >= 0 else ""
        # a point the piece states in its figures or its head comes before the closest one
        # (G03096's "Books: $406,260 - $150 fee ... = $408,700" was credited with the bank side)
        stated = [
            pt
            for pt in self._points()
            if pt not in self.credited
            and not _goes_against(piece.said, pt)
            and (_states_figures(piece.said, pt) or _states_head(piece.said, pt))
        ]
        if stated:
            return self._covers_point(piece, stated[0])
        if point and point not in self.credited and self._covers(piece.said, point, ref_sim):
            return self._covers_point(piece, point)
        outcome = self._outcome_of(k, piece)
        if outcome is not None:
            text = _fill(templates["result"], outcome.quote)
            return Point(text=text, kind="results", evidence=[outcome])
        if self.plan and _CRITERION.search(piece.said):  # how the plan's success is judged
            return Point(text=_fill(templates["measure"], said), kind="steps", evidence=ev)
        if self.plan and _would_do(piece.said):  # a step of the plan asked for
            template = "step_reason" if _WHY.search(piece.said) else "step"
            return Point(text=_fill(templates[template], said), kind="steps", evidence=ev)
        if _acts(piece.said) or (self._second_language and _acts_now(piece.said)):
            template = (
                "action_reason"
                if _WHY.search(piece.said)
                else "action_figures"
                if _FIGURE.search(piece.said)
                else "action"
            )
            return Point(text=_fill(templates[template], said), kind="actions", evidence=ev)
        setting = self._story and k < self._first_action and _sets_scene(said)
        setting = setting and not (self._second_language and _acts_now(said))
        template = "situation" if setting else "other"
        return Point(text=_fill(templates[template], said), kind="relevance", evidence=ev)

    def _against(self, point: str, strict: bool = False) -> Evidence | None:
        """The first sentence that goes against ``point`` (:func:`_goes_against`), if any."""
        for piece in self.item.pieces:
            if _goes_against(piece.said, point, strict):
                return _piece_evidence(self.answer, piece)
        return None

    @staticmethod
    def _covers(text: str, point: str, similarity: float) -> bool:
        """``text`` states ``point``: it does not go against it, and it is similar enough or uses
        enough of its words (of a point "A rather than B", the words of A only, with its details
        or without; of a text "A rather than B" that passes over a word of the point, by the
        words of its A only)."""
        if _goes_against(text, point) or (_DISMISSES.search(text) and not _DISMISSES.search(point)):
            return False
        split = _contrast(point)
        stems = split[0] if split else stem_set(point)
        said = stem_set(text)
        told = _contrast(text)
        if told is not None and _passes_over(text, stems) and not _NEGATED.search(point):
            # "I would hash them with MD5 rather than bcrypt" passes over what the point wants
            # and reads close to it: only what it chooses counts, by words
            said, similarity = said - told[1], 0.0
        shared = len(stems & said)
        recall = shared / len(stems) if stems else 0.0
        first = _wanted_first(point)
        if first:  # "A" without its details, as a short answer states it
            recall = max(recall, len(first & said) / len(first))
        if _states_head(text, point) or _states_figures(text, point):
            recall = 1.0
        similar = similarity >= REFERENCE_SIMILARITY and shared >= REFERENCE_SHARED
        return similar or recall >= REFERENCE_RECALL

    def _gaps(self, score: int) -> None:
        if self.p is None:
            return
        question = self.request.question
        points = question.reference_points
        if points and score < 90:
            missed = [
                pt
                for pt in points
                if pt.strip() not in self.credited
                and not any(self._piece_covers(k, pt.strip()) for k in range(len(self.item.pieces)))
            ]
            self.missed = [pt.strip() for pt in missed]
            # "Names what the key point advises against" on one word of what it advises
            # against only when the model reads an error too: good answers that describe the
            # alternative a point names ("Query-based loading polls the table ...", rated 82.5)
            # or agree with it ("not what it cost to put in", 90) were told so
            wrong = self.p.styles.get("factual_error", 0.0) >= RULED_OUT_FROM
            against = {pt: self._against(pt, strict=not wrong) for pt in missed}
            for pt in sorted(missed, key=lambda pt: against[pt] is None)[:2]:
                ev = against[pt]
                gap = self.w.gaps["reference" if ev is None else "against"]
                text = gap.weakness.format(
                    point=pt, quote=shorten(ev.quote, QUOTE_CHARS) if ev else ""
                )
                kind = "accuracy" if ev is None else "contradicts_reference"
                self._weakness(kind, text, gap.tip.format(point=pt), [ev] if ev else [])
        behavioural = question.type == QuestionType.BEHAVIORAL
        kinds = {w.kind for w in self.out.weaknesses}
        if (
            behavioural
            and score <= OWN_ROLE_MAX
            and "no_personal_role" not in kinds
            and _we_throughout(self.plain)
        ):
            gap = self.w.gaps["own_role"]
            self._weakness("no_personal_role", gap.weakness, gap.tip, [])
        asks_outcome = behavioural and not self.plan
        if asks_outcome and score < 90 and not self._tells_outcome():
            gap = self.w.gaps["result"]
            self._weakness("results", gap.weakness, gap.tip, [])
        brief = score < BRIEF_BELOW and self.item.words < BRIEF_WORDS
        if brief and "too_short" not in kinds:
            gap = self.w.gap("brief", self.plan, self.technical)
            said = self.written
            if self.guard.instruction or any(f.code in UNREAD for f in self.guard.findings):
                # "Too brief ... (70 words)" of an answer whose text to the grader was not read
                said = f"{_words(self.item.words)} read of {len(words(self.answer))}"
            self._weakness("depth", gap.weakness.format(words=said), gap.tip, [])
        if (
            behavioural
            and ADEQUATE <= score < REASONS_BELOW
            and not any(_gives_reason(p.said) for p in self.item.pieces)
        ):
            gap = self.w.gap("reasoning", self.plan)
            self._weakness("reasoning", gap.weakness, gap.tip, [])

    def _tells_outcome(self) -> bool:
        """Whether a piece states an outcome (:func:`_outcome`), or the story's later two thirds
        tell what came of it (:func:`_came_of`)."""
        if any(_outcome(p.said) for p in self.item.pieces):
            return True
        told = sentences(self.answer)
        return any(_came_of(s.text) for s in told[len(told) // 3 :])

    def _weighs_down(self) -> bool:
        """Name the piece whose removal raises the score most, when one does by at least
        :data:`STRENGTH_EFFECT` and is neither quoted as a strength nor covers a key point (it
        would be called both good and bad) nor lowers the score as a reading whose claim the
        text rules out (:meth:`_lowers_as`; "inflated claims" of a measured result when no
        figure is implausible: that is for a reviewer's note); whether one was named. It is
        said as that style when the wording has it (``weighs_down_as``: "This part may show
        judgement a hiring team would question"), else as weighing the answer down; nothing is
        named when the whole answer is read as that style less than its ``min_reading``."""
        assert self.p is not None
        praised = {e.start for point in self.out.strengths for e in point.evidence}
        points = self._points()
        effects = {
            k: effect
            for k, effect in enumerate(self.p.piece_score)
            if self.item.pieces[k].start not in praised
            and not any(self._piece_covers(k, pt) for pt in points)
            and not self._ruled_out(self._lowers_as(k))
        }
        if effects and min(effects.values()) <= -STRENGTH_EFFECT:
            k = min(effects, key=lambda i: effects[i])
            style = self._lowers_as(k)
            said_as = self.w.weighs_down_as.get(style or "")
            if said_as is not None and self.p.styles.get(style or "", 0.0) < said_as.min_reading:
                return False  # the answer is not read so: the part does not explain the score
            if style is not None and said_as is not None and said_as.quote_most_read:
                # quote the part that raises that reading most of those that lower the score
                # (the part that lowers it most can be the situation or the lesson)
                read = {i: self.p.piece_style[i][style] for i, e in effects.items() if e < 0}
                k = max(read, key=lambda i: (read[i], -effects[i]))
            ev = [_piece_evidence(self.answer, self.item.pieces[k])]
            gap, kind = self.w.weighs_down(style, self.plan, self.technical)
            self._weakness(kind, _fill(gap.weakness, ev[0].quote), gap.tip, ev)
            return True
        return False

    def _ruled_out(self, style: str | None) -> bool:
        """Whether ``style`` has a claim (and a note for when it is untrue) that the text rules
        out."""
        wording = self.w.styles.get(style or "")
        return (
            style is not None
            and wording is not None
            and wording.overruled is not None
            and not self._claim_holds(style)
        )

    def _lowers_as(self, k: int) -> str | None:
        """The style through which piece ``k`` lowers the score most: of the styles scored
        below the answer, the one whose probability the piece raises most, by its log-odds
        change times ``p(1 - p)`` (the change in probability it makes) times how far below the
        score the style's mean label lies; ``None`` when it raises none of them."""
        assert self.p is not None
        score = self.p.score
        best, most = None, 0.0
        for style, odds in self.p.piece_style[k].items():
            prob = self.p.styles[style]
            below = score - self.p.style_means[style]
            pull = odds * prob * (1.0 - prob) * below
            if style not in self.p.left_out and below > 0 and pull > most:
                best, most = style, pull
        return best

    def _unexplained(self) -> None:
        """A weak answer with no weakness named: the reading the text rules out, if one lowers
        the score, or that nothing stands out (or, with parts credited, that the low score is
        not explained by any one part)."""
        # A reading the text rules out explains the score: name it to a reviewer (with the
        # sentences read that way) rather than blame the text. With parts credited, "nothing
        # stands out" would contradict them: tell the reviewer what is known. Neither is a
        # weakness of the answer, nor has a tip.
        if self.overruled or self.unflagged:
            style, message = (self.overruled or self.unflagged)[0]
            ev = self._style_evidence(style)
            self.out.flags.append(Flag(code=CHECK_SCORE, message=message, evidence=ev))
            return
        if self.out.strengths:
            message = self.w.notes["unexplained_credited"]
            self.out.flags.append(Flag(code=CHECK_SCORE, message=message))
            return
        gap = self.w.gap("unexplained", self.plan, self.technical)
        self._weakness("specificity", gap.weakness, gap.tip, [])

    def _weakness(self, kind: str, text: str, tip: str, ev: list[Evidence]) -> None:
        if any(w.text == text for w in self.out.weaknesses):
            return
        self.out.weaknesses.append(Point(text=text, kind=kind, evidence=ev))
        if tip and not any(t.text == tip for t in self.out.tips):
            self.out.tips.append(Point(text=tip, kind=kind))

    def _justification(self, score: int, split: tuple[Flag, str] | None = None) -> str:
        """``<Level> (<score>/100).``, then what earns the score (the kinds of evidence the
        strengths show, the first quoted) and what keeps the answer from the next level (its
        first flag or weaknesses, or the reviewer's note), or that no one part explains it; then,
        when the reading is split (``split``: its note, and what it calls the poor reading), that
        the score is unsure."""
        said = self.w.justification
        unjudged = [f for f in self.out.flags if f.code in UNJUDGED]
        if unjudged:
            return f"Not judged ({score}/100). {unjudged[0].message}"
        parts = [f"{self.w.level(score)} ({score}/100)."]
        ranked = sorted(self.out.strengths, key=lambda s: s.kind == DETAIL)
        if ranked:
            first = ranked[0]
            kinds = list(dict.fromkeys(s.kind for s in ranked if s.kind))[:2]
            shown = [said.evidence.get(kind, said.evidence["relevance"]) for kind in kinds]
            if first.evidence:
                shown[0] += f' ("{shorten(first.evidence[0].quote, JUSTIFICATION_QUOTE)}")'
            template = said.earns if score >= ADEQUATE else said.credited
            parts.append(template.format(evidence=" and ".join(shown)))
        above = self.w.next_level(score)
        own = split[0] if split else None
        notes = [f for f in self.out.flags if f.code == CHECK_SCORE and f is not own]
        if notes:
            parts.append(notes[0].message)
        elif above is not None:
            step = f"{_article(above.text)} {above.text.lower()}"
            praised = ranked[0].evidence[:1] if ranked else []
            gaps = self._main_gaps({e.quote for e in praised})
            if gaps:
                text = "; ".join(_lower_first(g) for g in gaps)
                parts.append(said.short_of.format(next=step, min=above.min, gaps=text))
            elif split is None:  # a split reading is no gap found: the note says what it is
                parts.append(said.no_gap.format(next=step, min=above.min))
        if split is not None:
            parts.append(said.unsure.format(poor=split[1]))
        if self.alone is not None:
            template = said.held if self.alone.kind == "held" else said.lower
            parts.append(template.format(first=self.alone.score))
        return " ".join(parts)

    def _main_gaps(self, quoted: set[str]) -> list[str]:
        """What keeps the answer from the next level, most telling first: the flags' messages
        (besides findings that do not lower the score), else the first two weaknesses, the
        first with its quote cut short unless the justification already quotes it (``quoted``),
        else what was not read."""
        flagged = [f.message for f in self.out.flags if f.code not in UNSCORED | {CHECK_SCORE}]
        if flagged:
            return [m.rstrip(".") for m in dict.fromkeys(flagged)][:2]
        heads: dict[str, Point] = {}
        for w in self.out.weaknesses:
            if w.kind not in UNSCORED:
                heads.setdefault(_head(w), w)
        gaps = [head.rstrip(".") for head in heads][:2]
        first = next(iter(heads.values()), None)
        if first is not None and first.evidence and first.evidence[0].quote not in quoted:
            gaps[0] += f' ("{shorten(first.evidence[0].quote, JUSTIFICATION_QUOTE)}")'
        if not gaps:  # what was not read is all there is to say (a repeat takes nothing away)
            unread = [f.message for f in self.out.flags if f.code in UNREAD and f.code != REPEATED]
            gaps = [m.rstrip(".") for m in dict.fromkeys(unread)][:2]
        return gaps


@dataclass(frozen=True)
class Split:
    """A reading split between a good answer and a poor one: the score each side would give
    alone, the likeliest poor style and its share of the poor side."""

    good_score: float
    poor_score: float
    poor_style: str
    poor_style_share: float


def split_reading(
    styles: Mapping[str, float], means: Mapping[str, float], left_out: Collection[str] = ()
) -> Split | None:
    """The :class:`Split` of style probabilities ``styles`` when both sides reach
    :data:`SPLIT_SHARE` (``means``: each style's mean label; ``left_out``: styles that do not
    count in the score), else ``None``."""
    counted = {s: p for s, p in styles.items() if s not in left_out}
    total = sum(counted.values()) or 1.0
    good = {s: p / total for s, p in counted.items() if means[s] >= GOOD_MEAN}
    poor = {s: p / total for s, p in counted.items() if means[s] <= POOR_MEAN}
    good_share, poor_share = sum(good.values()), sum(poor.values())
    if min(good_share, poor_share) < SPLIT_SHARE:
        return None
    worst = max(poor, key=lambda s: poor[s])
    return Split(
        sum(p * means[s] for s, p in good.items()) / good_share,
        sum(p * means[s] for s, p in poor.items()) / poor_share,
        worst,
        poor[worst] / poor_share,
    )


def _article(text: str) -> str:
    """ "a" or "an" before ``text``."""
    return "an" if text[:1].lower() in "aeiou" else "a"


def _lower_first(text: str) -> str:
    """``text`` with a lower-case first letter, unless it starts a name or an acronym ("I",
    "NEWS2")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
