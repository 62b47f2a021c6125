"""Word lists for attribution: cue verbs and nouns, stance, hedging, negation and framing words.

Two kinds of cue knowledge live here:

* ``CORE_VERBS``: reporting verbs that are cues whenever they take a content (a clause, a quote or
  an object), written by hand from the issue's list and general English usage.
* ``LEARNED``: for other verbs, how often PolNeAR annotators marked the verb as a cue, split by the
  verb's complement frame (``ccomp``: a clause, ``xcomp``: an infinitive, ``dobj``: an object,
  ``none``). The table is produced from ``train.jsonl`` only, reproducibly, with
  ``python -m claimgraph.extract.cues --learn ../shared/data/polnear/train.jsonl`` (it prints the
  literal pasted below). A verb is taken as a cue in a frame when its rate reaches
  ``LEARNED_THRESHOLD``.
"""
from __future__ import annotations

# -- verbs -----------------------------------------------------------------------------------------

CORE_VERBS = frozenset("""
say tell report confirm announce assess estimate warn claim insist deny add note state write
acknowledge admit allege argue assert caution concede contend declare disclose emphasize
emphasise explain indicate maintain predict reiterate remark reply respond reveal stress suggest
testify tweet conclude believe recall observe comment affirm clarify complain concur
speculate charge accuse vow promise pledge urge recommend advise question ask wonder doubt
dispute reject dismiss refute brief inform notify quote cite find show learn
""".split())

# verbs whose grammatical subject is not the speaker ("it seems", "X is expected to"): no source.
RAISING_VERBS = frozenset("seem appear".split())

# verbs never taken as cues, whatever the statistics say (too generic)
NEVER_VERBS = frozenset("be have do make go get take give come put use include begin start try".split())

LEARNED_THRESHOLD = 0.35
LEARNED_MIN_COUNT = 4

# lemma -> {frame: [times annotated as cue, occurrences]} from PolNeAR train (see module doc).
LEARNED: dict[str, dict[str, list[int]]] = {'accept': {'ccomp': [2, 6], 'dobj': [10, 84], 'none': [0, 10]},
 'accord': {'dobj': [0, 1], 'none': [394, 429]},
 'accuse': {'ccomp': [1, 2], 'dobj': [75, 94], 'none': [12, 23]},
 'acknowledge': {'ccomp': [48, 60], 'dobj': [16, 24], 'none': [6, 11], 'xcomp': [1, 1]},
 'acquiesce': {'ccomp': [1, 1], 'none': [3, 3], 'xcomp': [1, 1]},
 'add': {'ccomp': [261, 274], 'dobj': [4, 49], 'none': [25, 73]},
 'address': {'ccomp': [2, 6], 'dobj': [14, 105], 'none': [0, 7], 'xcomp': [0, 1]},
 'admit': {'ccomp': [27, 41], 'dobj': [3, 17], 'none': [2, 11], 'xcomp': [1, 1]},
 'adopt': {'ccomp': [3, 6], 'dobj': [4, 25], 'none': [1, 16]},
 'advise': {'ccomp': [0, 7], 'dobj': [2, 26], 'none': [0, 5], 'xcomp': [3, 11]},
 'advocate': {'dobj': [4, 13], 'none': [9, 22], 'xcomp': [2, 4]},
 'agree': {'ccomp': [27, 41], 'dobj': [3, 6], 'none': [21, 72], 'xcomp': [17, 35]},
 'aim': {'ccomp': [1, 2], 'dobj': [3, 4], 'none': [4, 34], 'xcomp': [8, 16]},
 'alarm': {'dobj': [3, 6], 'none': [1, 2]},
 'align': {'dobj': [1, 5], 'none': [2, 19]},
 'allege': {'ccomp': [10, 15], 'dobj': [2, 5], 'none': [4, 19]},
 'allow': {'ccomp': [15, 113], 'dobj': [1, 24], 'none': [1, 8], 'xcomp': [3, 21]},
 'allude': {'none': [4, 5], 'xcomp': [2, 2]},
 'anger': {'ccomp': [1, 1], 'dobj': [4, 9], 'none': [3, 5]},
 'announce': {'ccomp': [65, 73], 'dobj': [57, 76], 'none': [12, 27], 'xcomp': [1, 1]},
 'answer': {'ccomp': [3, 4], 'dobj': [10, 50], 'none': [1, 10]},
 'anticipate': {'ccomp': [2, 4], 'dobj': [0, 2], 'none': [1, 7]},
 'apologize': {'ccomp': [0, 1], 'none': [10, 27]},
 'appear': {'ccomp': [9, 20], 'dobj': [0, 2], 'none': [23, 113], 'xcomp': [69, 126]},
 'applaud': {'ccomp': [1, 1], 'dobj': [9, 14], 'none': [1, 7]},
 'appoint': {'dobj': [5, 19], 'none': [1, 9], 'xcomp': [1, 4]},
 'approve': {'dobj': [5, 13], 'none': [5, 18]},
 'argue': {'ccomp': [121, 138], 'dobj': [3, 6], 'none': [20, 30], 'xcomp': [3, 5]},
 'articulate': {'dobj': [4, 6], 'none': [1, 3]},
 'ask': {'ccomp': [118, 151], 'dobj': [38, 87], 'none': [74, 135], 'xcomp': [57, 100]},
 'assail': {'ccomp': [1, 1], 'dobj': [4, 6], 'none': [2, 4]},
 'assert': {'ccomp': [14, 17], 'dobj': [3, 9], 'none': [1, 3]},
 'assume': {'ccomp': [7, 26], 'dobj': [0, 11], 'none': [0, 1]},
 'assure': {'ccomp': [13, 22], 'dobj': [1, 5], 'none': [5, 9], 'xcomp': [0, 1]},
 'attack': {'ccomp': [0, 4], 'dobj': [38, 121], 'none': [3, 22]},
 'attempt': {'ccomp': [0, 1], 'dobj': [0, 1], 'none': [1, 3], 'xcomp': [8, 36]},
 'attract': {'ccomp': [0, 5], 'dobj': [2, 32], 'none': [1, 7], 'xcomp': [0, 1]},
 'attribute': {'dobj': [5, 7], 'none': [3, 10]},
 'authorize': {'dobj': [3, 7], 'none': [0, 2], 'xcomp': [1, 10]},
 'avoid': {'ccomp': [0, 2], 'dobj': [4, 46], 'none': [0, 2], 'xcomp': [4, 24]},
 'back': {'ccomp': [1, 2], 'dobj': [40, 133], 'none': [8, 55]},
 'balk': {'dobj': [1, 1], 'none': [4, 5]},
 'ban': {'dobj': [5, 66], 'none': [0, 10], 'xcomp': [0, 2]},
 'base': {'dobj': [0, 6], 'none': [3, 165]},
 'bash': {'dobj': [3, 6], 'none': [0, 5]},
 'be': {'ccomp': [0, 30], 'none': [18, 634], 'xcomp': [0, 4]},
 'become': {'ccomp': [2, 20], 'dobj': [0, 3], 'none': [13, 422], 'xcomp': [0, 6]},
 'begin': {'ccomp': [0, 4], 'dobj': [5, 36], 'none': [5, 96], 'xcomp': [15, 130]},
 'believe': {'ccomp': [57, 236], 'dobj': [8, 52], 'none': [11, 51], 'xcomp': [2, 8]},
 'bemoan': {'ccomp': [1, 1], 'dobj': [4, 4], 'none': [1, 1]},
 'bill': {'dobj': [2, 2], 'none': [2, 2]},
 'blame': {'dobj': [33, 47], 'none': [1, 10], 'xcomp': [0, 1]},
 'blast': {'ccomp': [1, 1], 'dobj': [29, 30], 'none': [0, 3], 'xcomp': [1, 1]},
 'block': {'ccomp': [0, 1], 'dobj': [6, 58], 'none': [0, 7]},
 'boast': {'ccomp': [5, 8], 'dobj': [0, 6], 'none': [11, 13]},
 'boo': {'ccomp': [0, 2], 'dobj': [2, 4], 'none': [4, 16]},
 'brag': {'ccomp': [0, 1], 'none': [6, 9]},
 'break': {'ccomp': [2, 5], 'dobj': [2, 59], 'none': [1, 70], 'xcomp': [0, 1]},
 'bring': {'ccomp': [0, 2], 'dobj': [7, 213], 'none': [2, 24], 'xcomp': [0, 4]},
 'broadcast': {'dobj': [3, 7], 'none': [0, 3]},
 'brush': {'ccomp': [0, 1], 'dobj': [4, 7], 'xcomp': [1, 1]},
 'buy': {'ccomp': [0, 1], 'dobj': [3, 65], 'none': [0, 6]},
 'calculate': {'ccomp': [3, 4], 'dobj': [0, 3], 'none': [0, 4]},
 'call': {'ccomp': [17, 28], 'dobj': [194, 328], 'none': [121, 296], 'xcomp': [47, 71]},
 'campaign': {'ccomp': [0, 2], 'dobj': [0, 4], 'none': [10, 106], 'xcomp': [2, 3]},
 'capture': {'ccomp': [1, 4], 'dobj': [1, 42], 'none': [1, 14], 'xcomp': [0, 1]},
 'care': {'ccomp': [0, 7], 'dobj': [3, 8], 'none': [5, 64]},
 'carry': {'ccomp': [0, 3], 'dobj': [3, 84], 'none': [0, 16]},
 'cast': {'dobj': [25, 90], 'none': [0, 20]},
 'caution': {'ccomp': [5, 5], 'none': [3, 4], 'xcomp': [2, 2]},
 'celebrate': {'ccomp': [0, 1], 'dobj': [4, 33], 'none': [3, 13], 'xcomp': [1, 1]},
 'challenge': {'ccomp': [0, 1], 'dobj': [17, 61], 'none': [3, 12], 'xcomp': [3, 7]},
 'champion': {'ccomp': [0, 1], 'dobj': [3, 13], 'none': [3, 6], 'xcomp': [0, 1]},
 'chant': {'ccomp': [1, 1], 'dobj': [5, 7], 'none': [1, 4], 'xcomp': [4, 5]},
 'characterize': {'dobj': [5, 9], 'none': [0, 2]},
 'charge': {'ccomp': [7, 8], 'dobj': [6, 23], 'none': [9, 31]},
 'cheer': {'dobj': [3, 6], 'none': [3, 26]},
 'chide': {'dobj': [7, 7]},
 'choose': {'ccomp': [2, 7], 'dobj': [3, 50], 'none': [0, 34], 'xcomp': [6, 32]},
 'circulate': {'dobj': [3, 5], 'none': [1, 7]},
 'cite': {'ccomp': [4, 5], 'dobj': [71, 82], 'none': [1, 6]},
 'claim': {'ccomp': [53, 72], 'dobj': [16, 40], 'none': [7, 10], 'xcomp': [6, 10]},
 'clarify': {'ccomp': [3, 5], 'dobj': [1, 5], 'none': [0, 3]},
 'coin': {'ccomp': [0, 1], 'dobj': [3, 4]},
 'come': {'ccomp': [4, 15], 'dobj': [1, 13], 'none': [24, 787], 'xcomp': [0, 4]},
 'comment': {'ccomp': [1, 1], 'dobj': [1, 1], 'none': [10, 53]},
 'compare': {'ccomp': [1, 1], 'dobj': [13, 32], 'none': [3, 72]},
 'complain': {'ccomp': [13, 17], 'none': [7, 13]},
 'concede': {'ccomp': [13, 15], 'dobj': [3, 6], 'none': [0, 2]},
 'conclude': {'ccomp': [35, 44], 'dobj': [1, 2], 'none': [7, 15]},
 'condemn': {'ccomp': [0, 1], 'dobj': [8, 28], 'none': [2, 2], 'xcomp': [2, 2]},
 'confirm': {'ccomp': [11, 14], 'dobj': [6, 22], 'none': [7, 16]},
 'congratulate': {'dobj': [7, 16], 'none': [0, 1]},
 'consider': {'ccomp': [12, 32], 'dobj': [11, 54], 'none': [17, 51], 'xcomp': [7, 33]},
 'contemplate': {'ccomp': [1, 1], 'dobj': [3, 6], 'none': [0, 1], 'xcomp': [1, 1]},
 'contend': {'ccomp': [7, 7], 'dobj': [0, 1], 'none': [0, 5]},
 'continue': {'ccomp': [45, 50], 'dobj': [6, 38], 'none': [6, 70], 'xcomp': [35, 190]},
 'contradict': {'ccomp': [2, 2], 'dobj': [2, 13]},
 'contrast': {'ccomp': [0, 2], 'dobj': [6, 13], 'none': [0, 1]},
 'convince': {'ccomp': [5, 22], 'dobj': [3, 12], 'none': [0, 1], 'xcomp': [0, 1]},
 'count': {'dobj': [3, 11], 'none': [6, 48], 'xcomp': [0, 1]},
 'counter': {'ccomp': [3, 3], 'dobj': [0, 12], 'none': [1, 5]},
 'cover': {'ccomp': [0, 2], 'dobj': [7, 57], 'none': [1, 19], 'xcomp': [0, 1]},
 'create': {'ccomp': [0, 3], 'dobj': [3, 136], 'none': [1, 26], 'xcomp': [0, 2]},
 'credit': {'dobj': [8, 10], 'none': [0, 1]},
 'criticize': {'ccomp': [3, 3], 'dobj': [64, 95], 'none': [14, 24], 'xcomp': [1, 1]},
 'cry': {'dobj': [1, 2], 'none': [2, 6]},
 'cut': {'ccomp': [1, 5], 'dobj': [2, 57], 'none': [1, 36], 'xcomp': [0, 3]},
 'debate': {'ccomp': [1, 1], 'dobj': [1, 17], 'none': [5, 24], 'xcomp': [0, 1]},
 'decide': {'ccomp': [10, 41], 'dobj': [2, 19], 'none': [3, 29], 'xcomp': [20, 51]},
 'declare': {'ccomp': [45, 56], 'dobj': [14, 31], 'none': [13, 19], 'xcomp': [1, 1]},
 'decline': {'ccomp': [1, 1], 'dobj': [4, 6], 'none': [3, 20], 'xcomp': [61, 71]},
 'decry': {'ccomp': [1, 1], 'dobj': [11, 11], 'none': [2, 2]},
 'dedicate': {'dobj': [1, 2], 'none': [3, 9]},
 'deem': {'dobj': [8, 11], 'none': [6, 11]},
 'defend': {'ccomp': [2, 4], 'dobj': [45, 105], 'none': [2, 10], 'xcomp': [2, 3]},
 'deliver': {'ccomp': [1, 2], 'dobj': [20, 94], 'none': [0, 22], 'xcomp': [0, 1]},
 'demand': {'ccomp': [4, 7], 'dobj': [7, 23], 'none': [0, 2], 'xcomp': [2, 3]},
 'demonstrate': {'ccomp': [4, 15], 'dobj': [2, 26], 'none': [1, 7], 'xcomp': [0, 1]},
 'denounce': {'ccomp': [4, 4], 'dobj': [27, 36], 'none': [3, 7]},
 'deny': {'ccomp': [11, 14], 'dobj': [17, 49], 'none': [3, 9]},
 'deride': {'dobj': [3, 3], 'none': [2, 4]},
 'describe': {'ccomp': [10, 10], 'dobj': [70, 107], 'none': [16, 36], 'xcomp': [2, 4]},
 'design': {'ccomp': [0, 1], 'dobj': [0, 1], 'none': [0, 3], 'xcomp': [5, 25]},
 'detail': {'ccomp': [1, 3], 'dobj': [4, 12], 'none': [0, 2]},
 'determine': {'ccomp': [10, 46], 'dobj': [1, 18], 'none': [2, 7], 'xcomp': [2, 9]},
 'devote': {'dobj': [4, 13], 'none': [1, 5], 'xcomp': [0, 1]},
 'direct': {'ccomp': [0, 1], 'dobj': [0, 10], 'none': [2, 22], 'xcomp': [1, 3]},
 'disagree': {'ccomp': [0, 4], 'none': [6, 25]},
 'disavow': {'ccomp': [1, 1], 'dobj': [4, 15], 'none': [0, 1]},
 'disclose': {'ccomp': [1, 2], 'dobj': [7, 14], 'none': [4, 11]},
 'discover': {'ccomp': [2, 7], 'dobj': [0, 8], 'none': [2, 9]},
 'discuss': {'ccomp': [7, 9], 'dobj': [35, 80], 'none': [0, 8], 'xcomp': [0, 2]},
 'dislike': {'ccomp': [0, 1], 'dobj': [2, 9], 'none': [2, 5]},
 'dismiss': {'ccomp': [1, 2], 'dobj': [25, 34], 'none': [5, 9]},
 'display': {'ccomp': [0, 2], 'dobj': [5, 15], 'none': [0, 2]},
 'dispute': {'ccomp': [1, 1], 'dobj': [3, 9], 'none': [1, 7]},
 'distance': {'dobj': [6, 13]},
 'divide': {'ccomp': [0, 1], 'dobj': [0, 26], 'none': [3, 31]},
 'do': {'ccomp': [1, 75], 'dobj': [3, 662], 'none': [7, 480], 'xcomp': [1, 11]},
 'document': {'dobj': [2, 3], 'none': [2, 7]},
 'double': {'dobj': [0, 6], 'none': [5, 14]},
 'doubt': {'ccomp': [4, 7], 'dobj': [1, 4]},
 'downplay': {'dobj': [3, 8]},
 'draw': {'ccomp': [2, 4], 'dobj': [20, 120], 'none': [0, 35]},
 'dub': {'ccomp': [1, 2], 'dobj': [3, 3], 'none': [1, 3]},
 'dwell': {'none': [4, 5]},
 'earn': {'ccomp': [0, 2], 'dobj': [3, 80], 'none': [0, 14], 'xcomp': [0, 1]},
 'echo': {'ccomp': [0, 2], 'dobj': [13, 25], 'none': [8, 11]},
 'elaborate': {'none': [3, 8]},
 'elect': {'ccomp': [0, 3], 'dobj': [2, 36], 'none': [1, 124], 'xcomp': [0, 1]},
 'email': {'ccomp': [1, 2], 'dobj': [6, 19], 'none': [0, 2], 'xcomp': [1, 1]},
 'embrace': {'ccomp': [1, 2], 'dobj': [13, 64], 'none': [1, 7]},
 'emerge': {'ccomp': [1, 2], 'dobj': [0, 3], 'none': [4, 60], 'xcomp': [1, 2]},
 'emphasize': {'ccomp': [9, 11], 'dobj': [8, 17], 'none': [0, 2], 'xcomp': [1, 2]},
 'encourage': {'ccomp': [0, 2], 'dobj': [3, 28], 'none': [2, 6], 'xcomp': [8, 26]},
 'end': {'ccomp': [1, 7], 'dobj': [5, 81], 'none': [0, 66], 'xcomp': [2, 32]},
 'endorse': {'ccomp': [5, 7], 'dobj': [73, 159], 'none': [9, 30], 'xcomp': [3, 3]},
 'engage': {'dobj': [0, 12], 'none': [3, 50]},
 'enjoy': {'ccomp': [2, 2], 'dobj': [7, 31], 'none': [0, 9], 'xcomp': [1, 2]},
 'envision': {'ccomp': [1, 2], 'dobj': [0, 2], 'none': [5, 6]},
 'establish': {'ccomp': [0, 2], 'dobj': [3, 28], 'none': [1, 8]},
 'estimate': {'ccomp': [12, 16], 'dobj': [3, 4], 'none': [1, 15], 'xcomp': [0, 1]},
 'expand': {'ccomp': [0, 1], 'dobj': [2, 69], 'none': [3, 30], 'xcomp': [0, 3]},
 'expect': {'ccomp': [16, 48], 'dobj': [7, 22], 'none': [14, 39], 'xcomp': [83, 115]},
 'experience': {'dobj': [5, 15], 'none': [0, 3]},
 'explain': {'ccomp': [51, 69], 'dobj': [14, 36], 'none': [11, 15], 'xcomp': [0, 2]},
 'expose': {'ccomp': [0, 2], 'dobj': [7, 24], 'none': [0, 8], 'xcomp': [0, 1]},
 'express': {'ccomp': [5, 6], 'dobj': [48, 70], 'none': [0, 5]},
 'face': {'ccomp': [0, 1], 'dobj': [3, 199], 'none': [0, 41]},
 'fail': {'ccomp': [0, 2], 'dobj': [0, 9], 'none': [0, 64], 'xcomp': [7, 73]},
 'favor': {'ccomp': [1, 3], 'dobj': [15, 54], 'none': [3, 10], 'xcomp': [1, 8]},
 'fear': {'ccomp': [17, 25], 'dobj': [6, 13], 'none': [1, 7], 'xcomp': [0, 2]},
 'feature': {'dobj': [2, 29], 'none': [2, 7]},
 'feel': {'ccomp': [7, 52], 'dobj': [6, 33], 'none': [15, 120], 'xcomp': [0, 1]},
 'fight': {'ccomp': [0, 5], 'dobj': [1, 56], 'none': [4, 98], 'xcomp': [0, 9]},
 'figure': {'ccomp': [1, 11], 'dobj': [1, 7], 'none': [1, 7], 'xcomp': [1, 8]},
 'file': {'ccomp': [0, 1], 'dobj': [12, 36], 'none': [2, 38], 'xcomp': [0, 1]},
 'find': {'ccomp': [68, 127], 'dobj': [22, 208], 'none': [6, 39], 'xcomp': [0, 7]},
 'fire': {'ccomp': [1, 3], 'dobj': [5, 21], 'none': [8, 45], 'xcomp': [0, 1]},
 'float': {'dobj': [3, 4], 'none': [0, 4]},
 'focus': {'ccomp': [0, 4], 'dobj': [2, 17], 'none': [35, 148]},
 'follow': {'ccomp': [1, 5], 'dobj': [5, 123], 'none': [4, 136], 'xcomp': [0, 1]},
 'forecast': {'ccomp': [2, 2], 'dobj': [1, 1], 'none': [2, 2]},
 'foresee': {'dobj': [3, 3]},
 'forget': {'ccomp': [3, 11], 'dobj': [0, 9], 'none': [0, 4], 'xcomp': [2, 2]},
 'forward': {'dobj': [3, 3], 'none': [0, 3]},
 'frame': {'dobj': [4, 15], 'none': [0, 2]},
 'get': {'ccomp': [0, 113], 'dobj': [6, 462], 'none': [4, 296], 'xcomp': [0, 86]},
 'give': {'ccomp': [1, 15], 'dobj': [28, 428], 'none': [3, 142], 'xcomp': [0, 4]},
 'go': {'ccomp': [5, 64], 'dobj': [1, 23], 'none': [49, 730], 'xcomp': [11, 555]},
 'grant': {'dobj': [3, 17], 'none': [0, 9], 'xcomp': [0, 1]},
 'grow': {'ccomp': [1, 3], 'dobj': [0, 14], 'none': [2, 170]},
 'guess': {'ccomp': [5, 17], 'dobj': [0, 4], 'none': [0, 4]},
 'hail': {'ccomp': [1, 1], 'dobj': [5, 8]},
 'hammer': {'ccomp': [0, 1], 'dobj': [3, 8], 'none': [0, 3], 'xcomp': [0, 1]},
 'have': {'ccomp': [6, 165], 'dobj': [71, 1706], 'none': [3, 106], 'xcomp': [22, 415]},
 'heap': {'dobj': [3, 3]},
 'hear': {'ccomp': [2, 32], 'dobj': [2, 78], 'none': [0, 39], 'xcomp': [1, 5]},
 'help': {'ccomp': [0, 111], 'dobj': [0, 84], 'none': [2, 30], 'xcomp': [4, 172]},
 'herald': {'dobj': [3, 3], 'none': [0, 1]},
 'highlight': {'ccomp': [4, 9], 'dobj': [15, 38], 'none': [1, 3], 'xcomp': [0, 1]},
 'hint': {'ccomp': [3, 4], 'dobj': [1, 1], 'none': [5, 7]},
 'hire': {'ccomp': [0, 3], 'dobj': [4, 37], 'none': [1, 12], 'xcomp': [3, 10]},
 'hit': {'ccomp': [1, 4], 'dobj': [10, 64], 'none': [2, 33], 'xcomp': [0, 1]},
 'hold': {'ccomp': [3, 14], 'dobj': [14, 241], 'none': [2, 113], 'xcomp': [1, 3]},
 'hop': {'ccomp': [28, 46], 'dobj': [1, 3], 'none': [6, 19], 'xcomp': [26, 38]},
 'hope': {'ccomp': [12, 40], 'dobj': [1, 1], 'none': [1, 10], 'xcomp': [3, 13]},
 'identify': {'ccomp': [2, 2], 'dobj': [13, 39], 'none': [9, 42]},
 'ignore': {'ccomp': [1, 1], 'dobj': [9, 46], 'none': [4, 16]},
 'illustrate': {'ccomp': [1, 2], 'dobj': [2, 5], 'none': [0, 1]},
 'imagine': {'ccomp': [2, 16], 'dobj': [1, 9], 'none': [2, 8], 'xcomp': [0, 1]},
 'imply': {'ccomp': [9, 20], 'dobj': [0, 2], 'none': [1, 4]},
 'impose': {'dobj': [2, 26], 'none': [2, 7]},
 'include': {'ccomp': [1, 7], 'dobj': [17, 195], 'none': [3, 415], 'xcomp': [3, 17]},
 'indicate': {'ccomp': [34, 43], 'dobj': [2, 5], 'none': [1, 4]},
 'inform': {'ccomp': [2, 5], 'dobj': [1, 5], 'none': [2, 5], 'xcomp': [0, 1]},
 'infuriate': {'dobj': [2, 3], 'none': [1, 1]},
 'insist': {'ccomp': [56, 63], 'dobj': [0, 1], 'none': [5, 11]},
 'intend': {'dobj': [2, 3], 'none': [3, 7], 'xcomp': [8, 39]},
 'interject': {'ccomp': [3, 3], 'dobj': [2, 2], 'none': [1, 3]},
 'interpret': {'dobj': [2, 3], 'none': [3, 7]},
 'introduce': {'dobj': [11, 41], 'none': [3, 16]},
 'investigate': {'ccomp': [1, 3], 'dobj': [1, 28], 'none': [1, 8]},
 'invite': {'ccomp': [0, 1], 'dobj': [0, 10], 'none': [1, 6], 'xcomp': [4, 16]},
 'invoke': {'dobj': [8, 18]},
 'issue': {'ccomp': [1, 1], 'dobj': [28, 47], 'none': [0, 23]},
 'join': {'ccomp': [1, 5], 'dobj': [4, 81], 'none': [1, 27], 'xcomp': [0, 2]},
 'joke': {'ccomp': [8, 9], 'dobj': [1, 1], 'none': [4, 11]},
 'judge': {'ccomp': [1, 1], 'dobj': [3, 6], 'none': [0, 5]},
 'keep': {'ccomp': [0, 6], 'dobj': [4, 194], 'none': [0, 22], 'xcomp': [5, 53]},
 'knock': {'ccomp': [2, 2], 'dobj': [3, 18], 'none': [0, 11]},
 'know': {'ccomp': [39, 273], 'dobj': [12, 118], 'none': [65, 276], 'xcomp': [5, 19]},
 'label': {'dobj': [5, 8], 'none': [2, 6]},
 'lambast': {'dobj': [3, 4], 'none': [2, 2]},
 'lament': {'ccomp': [4, 4], 'dobj': [7, 9], 'none': [1, 1], 'xcomp': [1, 1]},
 'lash': {'ccomp': [1, 1], 'none': [5, 7]},
 'launch': {'ccomp': [1, 1], 'dobj': [11, 49], 'none': [1, 9], 'xcomp': [0, 1]},
 'lay': {'ccomp': [1, 3], 'dobj': [17, 56], 'none': [0, 9]},
 'lead': {'ccomp': [1, 8], 'dobj': [3, 137], 'none': [1, 263], 'xcomp': [0, 14]},
 'lean': {'ccomp': [1, 1], 'dobj': [0, 8], 'none': [5, 47], 'xcomp': [1, 2]},
 'learn': {'ccomp': [13, 23], 'dobj': [2, 25], 'none': [6, 33], 'xcomp': [1, 8]},
 'leave': {'ccomp': [1, 7], 'dobj': [4, 203], 'none': [0, 107], 'xcomp': [2, 21]},
 'let': {'ccomp': [4, 151], 'dobj': [0, 9], 'none': [0, 8], 'xcomp': [0, 8]},
 'like': {'ccomp': [0, 6], 'dobj': [6, 55], 'none': [2, 21], 'xcomp': [17, 55]},
 'liken': {'ccomp': [0, 1], 'dobj': [5, 7], 'none': [1, 1]},
 'line': {'dobj': [1, 3], 'none': [4, 16]},
 'link': {'ccomp': [0, 2], 'dobj': [1, 15], 'none': [2, 28]},
 'list': {'ccomp': [1, 1], 'dobj': [17, 20], 'none': [4, 13]},
 'lobby': {'ccomp': [1, 1], 'dobj': [0, 6], 'none': [1, 15], 'xcomp': [2, 3]},
 'look': {'ccomp': [2, 12], 'dobj': [0, 5], 'none': [42, 354], 'xcomp': [14, 26]},
 'love': {'ccomp': [0, 5], 'dobj': [3, 49], 'none': [0, 22], 'xcomp': [3, 15]},
 'maintain': {'ccomp': [6, 11], 'dobj': [3, 42], 'none': [0, 4]},
 'make': {'ccomp': [37, 506], 'dobj': [80, 681], 'none': [4, 221], 'xcomp': [0, 14]},
 'manage': {'ccomp': [0, 1], 'dobj': [0, 26], 'none': [0, 9], 'xcomp': [3, 21]},
 'mandate': {'dobj': [2, 5], 'none': [1, 6]},
 'mark': {'ccomp': [0, 2], 'dobj': [4, 28], 'none': [1, 15], 'xcomp': [0, 1]},
 'mean': {'ccomp': [5, 109], 'dobj': [2, 44], 'none': [3, 35], 'xcomp': [5, 43]},
 'meet': {'ccomp': [1, 5], 'dobj': [1, 72], 'none': [3, 118]},
 'mention': {'ccomp': [5, 8], 'dobj': [39, 60], 'none': [8, 17], 'xcomp': [3, 3]},
 'mince': {'dobj': [3, 3]},
 'mock': {'ccomp': [2, 3], 'dobj': [19, 28], 'none': [1, 3]},
 'mount': {'dobj': [3, 14], 'none': [0, 7]},
 'move': {'ccomp': [1, 5], 'dobj': [0, 41], 'none': [1, 156], 'xcomp': [3, 10]},
 'mull': {'dobj': [2, 2], 'xcomp': [1, 1]},
 'muse': {'ccomp': [1, 1], 'none': [3, 3]},
 'name': {'ccomp': [0, 1], 'dobj': [14, 38], 'none': [18, 44], 'xcomp': [0, 2]},
 'need': {'ccomp': [2, 28], 'dobj': [3, 162], 'none': [2, 86], 'xcomp': [11, 235]},
 'negotiate': {'ccomp': [0, 1], 'dobj': [3, 13], 'none': [1, 15]},
 'nominate': {'ccomp': [1, 2], 'dobj': [9, 38], 'none': [7, 34], 'xcomp': [1, 3]},
 'note': {'ccomp': [132, 140], 'dobj': [20, 22], 'none': [26, 32], 'xcomp': [3, 3]},
 'notice': {'ccomp': [3, 8], 'dobj': [0, 5], 'none': [2, 6]},
 'observe': {'dobj': [1, 6], 'none': [4, 4]},
 'offer': {'ccomp': [5, 7], 'dobj': [60, 174], 'none': [2, 12], 'xcomp': [6, 13]},
 'open': {'ccomp': [1, 3], 'dobj': [1, 52], 'none': [7, 37]},
 'opine': {'ccomp': [1, 1], 'none': [2, 3]},
 'oppose': {'ccomp': [4, 4], 'dobj': [41, 99], 'none': [7, 37], 'xcomp': [2, 5]},
 'opt': {'ccomp': [0, 2], 'none': [2, 10], 'xcomp': [2, 5]},
 'order': {'ccomp': [5, 6], 'dobj': [7, 9], 'none': [0, 3], 'xcomp': [9, 12]},
 'outline': {'ccomp': [1, 2], 'dobj': [7, 11], 'none': [0, 4]},
 'paint': {'dobj': [5, 17], 'none': [1, 5]},
 'pass': {'ccomp': [2, 3], 'dobj': [16, 75], 'none': [6, 59]},
 'pay': {'ccomp': [0, 7], 'dobj': [6, 178], 'none': [0, 148], 'xcomp': [0, 2]},
 'peg': {'dobj': [3, 3]},
 'perceive': {'dobj': [2, 5], 'none': [0, 15], 'xcomp': [1, 2]},
 'persuade': {'ccomp': [0, 2], 'dobj': [2, 8], 'none': [1, 3], 'xcomp': [5, 23]},
 'pick': {'ccomp': [0, 2], 'dobj': [5, 94], 'none': [0, 15], 'xcomp': [1, 2]},
 'pivot': {'none': [6, 14], 'xcomp': [0, 1]},
 'place': {'dobj': [2, 34], 'none': [1, 12], 'xcomp': [0, 2]},
 'plan': {'dobj': [1, 4], 'none': [3, 24], 'xcomp': [33, 106]},
 'play': {'ccomp': [1, 3], 'dobj': [6, 126], 'none': [2, 76]},
 'plead': {'none': [9, 15], 'xcomp': [1, 2]},
 'pledge': {'ccomp': [5, 6], 'dobj': [8, 20], 'none': [0, 45], 'xcomp': [31, 58]},
 'point': {'ccomp': [34, 44], 'dobj': [9, 19], 'none': [40, 62], 'xcomp': [1, 1]},
 'poise': {'none': [0, 1], 'xcomp': [3, 25]},
 'portray': {'dobj': [13, 26], 'none': [3, 6]},
 'posit': {'ccomp': [2, 2], 'dobj': [1, 1]},
 'position': {'dobj': [4, 8], 'none': [0, 5], 'xcomp': [0, 7]},
 'post': {'ccomp': [8, 9], 'dobj': [20, 40], 'none': [5, 23]},
 'praise': {'ccomp': [1, 1], 'dobj': [44, 56], 'none': [3, 7]},
 'preach': {'dobj': [3, 3], 'none': [0, 1]},
 'predict': {'ccomp': [24, 30], 'dobj': [7, 16], 'none': [5, 11]},
 'prefer': {'ccomp': [4, 7], 'dobj': [10, 19], 'none': [3, 7], 'xcomp': [5, 6]},
 'present': {'ccomp': [1, 2], 'dobj': [8, 43], 'none': [2, 10]},
 'press': {'ccomp': [1, 3], 'dobj': [3, 15], 'none': [9, 24], 'xcomp': [2, 6]},
 'pressure': {'dobj': [1, 4], 'xcomp': [2, 8]},
 'proclaim': {'ccomp': [4, 4], 'dobj': [1, 2], 'none': [0, 4]},
 'prohibit': {'dobj': [4, 11], 'none': [0, 2]},
 'project': {'ccomp': [1, 1], 'dobj': [4, 20], 'none': [3, 9], 'xcomp': [2, 3]},
 'promise': {'ccomp': [12, 15], 'dobj': [13, 19], 'none': [1, 6], 'xcomp': [36, 45]},
 'promote': {'ccomp': [1, 2], 'dobj': [12, 45], 'none': [2, 4], 'xcomp': [0, 1]},
 'prompt': {'ccomp': [0, 1], 'dobj': [2, 17], 'none': [0, 5], 'xcomp': [1, 24]},
 'pronounce': {'dobj': [3, 3], 'none': [0, 1]},
 'propose': {'ccomp': [5, 6], 'dobj': [24, 39], 'none': [3, 35], 'xcomp': [15, 22]},
 'protest': {'ccomp': [1, 1], 'dobj': [2, 9], 'none': [2, 10]},
 'prove': {'ccomp': [1, 27], 'dobj': [0, 12], 'none': [1, 44], 'xcomp': [4, 17]},
 'provide': {'ccomp': [2, 6], 'dobj': [14, 171], 'none': [5, 27]},
 'publish': {'ccomp': [2, 2], 'dobj': [10, 23], 'none': [2, 38]},
 'pump': {'dobj': [3, 4], 'xcomp': [1, 1]},
 'pursue': {'dobj': [4, 48], 'none': [0, 8]},
 'push': {'ccomp': [0, 2], 'dobj': [14, 68], 'none': [23, 59], 'xcomp': [6, 17]},
 'put': {'ccomp': [0, 10], 'dobj': [29, 289], 'none': [5, 35], 'xcomp': [0, 1]},
 'question': {'ccomp': [19, 27], 'dobj': [29, 44], 'none': [5, 8]},
 'quip': {'ccomp': [2, 2], 'none': [1, 1]},
 'quote': {'ccomp': [1, 4], 'dobj': [11, 15], 'none': [0, 1]},
 'rail': {'ccomp': [1, 1], 'none': [13, 15]},
 'raise': {'ccomp': [1, 4], 'dobj': [20, 265], 'none': [2, 45], 'xcomp': [0, 1]},
 'range': {'dobj': [0, 1], 'none': [3, 24]},
 'rattle': {'ccomp': [1, 2], 'dobj': [4, 6], 'none': [3, 12]},
 'reach': {'dobj': [5, 67], 'none': [0, 55]},
 'react': {'ccomp': [1, 1], 'none': [4, 23]},
 'read': {'ccomp': [12, 17], 'dobj': [6, 49], 'none': [3, 28], 'xcomp': [1, 4]},
 'reaffirm': {'ccomp': [3, 3], 'dobj': [2, 4]},
 'realize': {'ccomp': [5, 24], 'dobj': [0, 4], 'none': [1, 1]},
 'reassure': {'ccomp': [0, 3], 'dobj': [2, 4], 'none': [1, 4]},
 'rebuff': {'dobj': [1, 5], 'none': [3, 4], 'xcomp': [0, 1]},
 'rebuke': {'dobj': [4, 6], 'none': [1, 3]},
 'rebut': {'ccomp': [2, 2], 'dobj': [2, 7]},
 'recall': {'ccomp': [19, 21], 'dobj': [23, 30], 'none': [5, 7], 'xcomp': [2, 3]},
 'receive': {'ccomp': [0, 2], 'dobj': [9, 143], 'none': [1, 35], 'xcomp': [0, 2]},
 'recite': {'ccomp': [0, 1], 'dobj': [4, 8]},
 'recognize': {'ccomp': [11, 21], 'dobj': [7, 39], 'none': [3, 16]},
 'recommend': {'ccomp': [4, 5], 'dobj': [3, 11], 'none': [1, 7], 'xcomp': [1, 3]},
 'recount': {'ccomp': [1, 2], 'dobj': [6, 8], 'none': [0, 2]},
 'refer': {'dobj': [1, 5], 'none': [64, 96]},
 'reference': {'ccomp': [1, 1], 'dobj': [11, 17]},
 'reflect': {'ccomp': [0, 4], 'dobj': [5, 46], 'none': [2, 18]},
 'refuse': {'ccomp': [1, 4], 'dobj': [2, 4], 'none': [2, 6], 'xcomp': [53, 81]},
 'regard': {'dobj': [3, 6], 'none': [4, 26]},
 'reiterate': {'ccomp': [6, 6], 'dobj': [11, 14], 'none': [0, 1]},
 'reject': {'ccomp': [1, 1], 'dobj': [29, 60], 'none': [6, 8]},
 'release': {'dobj': [44, 127], 'none': [7, 120]},
 'relish': {'ccomp': [1, 1], 'dobj': [3, 4]},
 'rely': {'none': [4, 40], 'xcomp': [0, 3]},
 'remain': {'ccomp': [1, 5], 'dobj': [0, 3], 'none': [12, 251], 'xcomp': [0, 8]},
 'remark': {'ccomp': [9, 10], 'none': [6, 14], 'xcomp': [1, 1]},
 'remember': {'ccomp': [5, 27], 'dobj': [5, 21], 'none': [12, 17], 'xcomp': [1, 4]},
 'remind': {'ccomp': [6, 16], 'dobj': [12, 25], 'none': [1, 1]},
 'renew': {'ccomp': [1, 1], 'dobj': [3, 12], 'none': [0, 8]},
 'repeat': {'ccomp': [1, 1], 'dobj': [13, 21], 'none': [5, 32]},
 'reply': {'ccomp': [19, 22], 'none': [8, 11]},
 'report': {'ccomp': [89, 105], 'dobj': [19, 34], 'none': [43, 100], 'xcomp': [13, 15]},
 'represent': {'ccomp': [1, 5], 'dobj': [7, 132], 'none': [0, 17]},
 'repudiate': {'dobj': [3, 6]},
 'request': {'ccomp': [1, 3], 'dobj': [3, 12], 'none': [3, 10], 'xcomp': [4, 6]},
 'require': {'ccomp': [2, 9], 'dobj': [1, 42], 'none': [1, 20], 'xcomp': [12, 59]},
 'resist': {'ccomp': [1, 2], 'dobj': [4, 12], 'none': [0, 1], 'xcomp': [1, 2]},
 'resonate': {'ccomp': [0, 2], 'dobj': [0, 2], 'none': [4, 20]},
 'respond': {'ccomp': [21, 24], 'none': [56, 154], 'xcomp': [1, 3]},
 'restrict': {'ccomp': [0, 2], 'dobj': [5, 15], 'none': [0, 3], 'xcomp': [0, 1]},
 'return': {'ccomp': [1, 2], 'dobj': [2, 33], 'none': [3, 69]},
 'retweete': {'ccomp': [1, 2], 'dobj': [5, 7], 'none': [1, 2]},
 'reveal': {'ccomp': [30, 38], 'dobj': [14, 29], 'none': [7, 11], 'xcomp': [0, 2]},
 'revere': {'none': [3, 3]},
 'reverse': {'dobj': [3, 24], 'none': [0, 3]},
 'revile': {'dobj': [1, 1], 'none': [2, 2]},
 'rip': {'dobj': [4, 15], 'none': [1, 7]},
 'rise': {'ccomp': [0, 2], 'dobj': [0, 2], 'none': [3, 131], 'xcomp': [0, 2]},
 'roll': {'ccomp': [0, 1], 'dobj': [3, 21], 'none': [0, 16]},
 'rule': {'ccomp': [4, 7], 'dobj': [2, 10], 'none': [4, 21], 'xcomp': [3, 4]},
 'run': {'ccomp': [0, 6], 'dobj': [11, 138], 'none': [3, 280], 'xcomp': [0, 3]},
 'savage': {'dobj': [3, 5]},
 'say': {'ccomp': [4877, 5500], 'dobj': [55, 236], 'none': [387, 521], 'xcomp': [29, 43]},
 'scramble': {'ccomp': [1, 1], 'dobj': [0, 6], 'none': [0, 3], 'xcomp': [2, 11]},
 'see': {'ccomp': [20, 192], 'dobj': [74, 349], 'none': [29, 133], 'xcomp': [2, 14]},
 'seek': {'ccomp': [3, 4], 'dobj': [24, 92], 'none': [4, 15], 'xcomp': [52, 111]},
 'seem': {'ccomp': [13, 28], 'dobj': [3, 4], 'none': [37, 94], 'xcomp': [73, 130]},
 'seize': {'ccomp': [1, 1], 'dobj': [0, 13], 'none': [4, 19], 'xcomp': [0, 1]},
 'send': {'ccomp': [0, 4], 'dobj': [19, 146], 'none': [1, 59], 'xcomp': [0, 1]},
 'sentence': {'dobj': [2, 3], 'none': [1, 7]},
 'set': {'ccomp': [0, 6], 'dobj': [4, 85], 'none': [3, 56], 'xcomp': [4, 26]},
 'share': {'ccomp': [4, 6], 'dobj': [18, 69], 'none': [3, 32], 'xcomp': [0, 1]},
 'shift': {'dobj': [2, 38], 'none': [1, 27]},
 'shoot': {'ccomp': [3, 5], 'dobj': [0, 17], 'none': [5, 49], 'xcomp': [0, 1]},
 'shout': {'ccomp': [2, 4], 'dobj': [1, 5], 'none': [5, 13], 'xcomp': [3, 4]},
 'show': {'ccomp': [138, 236], 'dobj': [87, 192], 'none': [8, 57], 'xcomp': [7, 10]},
 'shrug': {'ccomp': [1, 1], 'dobj': [3, 5], 'none': [0, 1]},
 'side': {'none': [6, 11]},
 'sign': {'ccomp': [0, 1], 'dobj': [14, 50], 'none': [4, 57], 'xcomp': [2, 2]},
 'signal': {'ccomp': [5, 5], 'dobj': [5, 14]},
 'single': {'dobj': [4, 5], 'none': [1, 3]},
 'slam': {'dobj': [21, 26], 'none': [0, 2]},
 'sound': {'ccomp': [2, 2], 'dobj': [6, 11], 'none': [9, 42]},
 'spar': {'dobj': [2, 2], 'none': [3, 7]},
 'speak': {'ccomp': [0, 6], 'dobj': [2, 33], 'none': [63, 356], 'xcomp': [1, 1]},
 'speculate': {'ccomp': [4, 5], 'none': [3, 6]},
 'spend': {'ccomp': [0, 11], 'dobj': [5, 153], 'none': [0, 38], 'xcomp': [9, 53]},
 'split': {'ccomp': [0, 1], 'dobj': [0, 11], 'none': [4, 21]},
 'spot': {'dobj': [2, 7], 'none': [1, 2], 'xcomp': [0, 1]},
 'stand': {'ccomp': [1, 3], 'dobj': [0, 9], 'none': [11, 203], 'xcomp': [0, 1]},
 'start': {'ccomp': [3, 8], 'dobj': [4, 51], 'none': [2, 82], 'xcomp': [10, 91]},
 'startle': {'ccomp': [1, 1], 'dobj': [1, 1], 'none': [1, 1]},
 'state': {'ccomp': [41, 47], 'dobj': [3, 6], 'none': [2, 13], 'xcomp': [1, 1]},
 'stick': {'ccomp': [0, 1], 'dobj': [0, 7], 'none': [4, 34]},
 'stop': {'ccomp': [1, 2], 'dobj': [0, 93], 'none': [3, 39], 'xcomp': [3, 33]},
 'stress': {'ccomp': [4, 5], 'dobj': [9, 10], 'none': [1, 2]},
 'strike': {'ccomp': [2, 4], 'dobj': [4, 31], 'none': [0, 12]},
 'strive': {'none': [1, 2], 'xcomp': [2, 4]},
 'struggle': {'ccomp': [1, 2], 'dobj': [0, 6], 'none': [1, 34], 'xcomp': [7, 39]},
 'sue': {'dobj': [5, 20], 'none': [1, 9], 'xcomp': [0, 1]},
 'suggest': {'ccomp': [162, 207], 'dobj': [7, 17], 'none': [6, 9], 'xcomp': [5, 6]},
 'support': {'ccomp': [2, 8], 'dobj': [94, 434], 'none': [13, 46], 'xcomp': [10, 20]},
 'suspect': {'ccomp': [5, 7], 'dobj': [0, 1], 'none': [1, 7]},
 'take': {'ccomp': [1, 20], 'dobj': [56, 727], 'none': [7, 133], 'xcomp': [1, 44]},
 'talk': {'ccomp': [2, 10], 'dobj': [6, 15], 'none': [71, 234]},
 'target': {'ccomp': [1, 3], 'dobj': [5, 42], 'none': [2, 27]},
 'tell': {'ccomp': [426, 549], 'dobj': [61, 135], 'none': [5, 14], 'xcomp': [10, 30]},
 'tend': {'ccomp': [0, 1], 'none': [0, 3], 'xcomp': [8, 37]},
 'testify': {'ccomp': [3, 5], 'dobj': [1, 1], 'none': [2, 13]},
 'thank': {'ccomp': [0, 2], 'dobj': [16, 41], 'none': [0, 1]},
 'think': {'ccomp': [87, 697], 'dobj': [2, 25], 'none': [20, 107], 'xcomp': [1, 7]},
 'threaten': {'ccomp': [1, 2], 'dobj': [3, 19], 'none': [0, 4], 'xcomp': [16, 24]},
 'thrill': {'none': [3, 5]},
 'throw': {'dobj': [7, 50], 'none': [0, 12], 'xcomp': [0, 1]},
 'tick': {'ccomp': [0, 1], 'dobj': [3, 3], 'none': [0, 5]},
 'tie': {'ccomp': [0, 3], 'dobj': [4, 26], 'none': [0, 23]},
 'title': {'ccomp': [0, 2], 'dobj': [1, 2], 'none': [7, 12]},
 'touch': {'dobj': [0, 13], 'none': [4, 13]},
 'tout': {'ccomp': [2, 2], 'dobj': [18, 23], 'none': [1, 1]},
 'trade': {'dobj': [3, 13], 'none': [1, 13]},
 'trumpet': {'ccomp': [1, 1], 'dobj': [2, 4], 'none': [0, 1]},
 'trust': {'ccomp': [0, 2], 'dobj': [2, 25], 'none': [1, 21], 'xcomp': [1, 6]},
 'try': {'ccomp': [0, 9], 'dobj': [0, 16], 'none': [0, 18], 'xcomp': [39, 383]},
 'turn': {'ccomp': [1, 15], 'dobj': [10, 147], 'none': [7, 138], 'xcomp': [0, 11]},
 'tweet': {'ccomp': [34, 41], 'dobj': [21, 47], 'none': [28, 41], 'xcomp': [4, 4]},
 'underscore': {'ccomp': [1, 4], 'dobj': [7, 23], 'none': [1, 3]},
 'understand': {'ccomp': [4, 60], 'dobj': [9, 70], 'none': [0, 13], 'xcomp': [0, 3]},
 'unleash': {'dobj': [3, 11], 'none': [0, 2]},
 'unveil': {'ccomp': [1, 1], 'dobj': [4, 11], 'none': [0, 1]},
 'urge': {'ccomp': [5, 5], 'dobj': [7, 11], 'xcomp': [41, 63]},
 'use': {'ccomp': [1, 14], 'dobj': [10, 222], 'none': [2, 79], 'xcomp': [17, 157]},
 'utter': {'dobj': [2, 4], 'none': [1, 4]},
 'veto': {'ccomp': [1, 1], 'dobj': [2, 5], 'none': [0, 1]},
 'view': {'ccomp': [0, 1], 'dobj': [16, 50], 'none': [8, 24], 'xcomp': [0, 1]},
 'voice': {'dobj': [11, 15], 'none': [0, 2]},
 'vote': {'ccomp': [3, 6], 'dobj': [0, 20], 'none': [43, 407], 'xcomp': [10, 20]},
 'vouch': {'none': [6, 6]},
 'vow': {'ccomp': [6, 6], 'dobj': [2, 2], 'none': [2, 2], 'xcomp': [40, 46]},
 'walk': {'ccomp': [0, 1], 'dobj': [3, 15], 'none': [0, 44]},
 'want': {'ccomp': [25, 126], 'dobj': [19, 111], 'none': [4, 30], 'xcomp': [66, 407]},
 'warn': {'ccomp': [34, 39], 'dobj': [7, 8], 'none': [12, 17], 'xcomp': [3, 3]},
 'watch': {'ccomp': [1, 16], 'dobj': [6, 60], 'none': [2, 34], 'xcomp': [0, 1]},
 'wave': {'dobj': [2, 10], 'none': [1, 12], 'xcomp': [0, 1]},
 'weigh': {'ccomp': [0, 1], 'dobj': [0, 4], 'none': [6, 21], 'xcomp': [0, 1]},
 'welcome': {'ccomp': [2, 4], 'dobj': [7, 34], 'none': [0, 10], 'xcomp': [1, 1]},
 'win': {'ccomp': [3, 21], 'dobj': [5, 660], 'none': [0, 283], 'xcomp': [0, 6]},
 'wish': {'ccomp': [2, 17], 'dobj': [0, 5], 'none': [1, 2], 'xcomp': [0, 2]},
 'withdraw': {'dobj': [3, 10], 'none': [0, 11]},
 'withhold': {'dobj': [3, 10], 'none': [0, 2]},
 'witness': {'ccomp': [2, 2], 'dobj': [1, 9], 'none': [0, 2]},
 'wonder': {'ccomp': [13, 29], 'none': [3, 4]},
 'work': {'ccomp': [0, 5], 'dobj': [0, 47], 'none': [7, 497], 'xcomp': [1, 13]},
 'worry': {'ccomp': [14, 21], 'dobj': [3, 9], 'none': [11, 31]},
 'write': {'ccomp': [218, 229], 'dobj': [25, 76], 'none': [47, 96], 'xcomp': [3, 3]},
 'yell': {'ccomp': [1, 1], 'dobj': [1, 4], 'none': [5, 11]},
 'zero': {'dobj': [1, 2], 'none': [2, 4]},
 '’': {'ccomp': [5, 129], 'dobj': [2, 105], 'none': [8, 446], 'xcomp': [2, 41]},
 '’re': {'ccomp': [0, 9], 'none': [3, 100], 'xcomp': [0, 1]}}

# -- cue nouns ("in a statement", "the assessment states" is a verb cue) -----------------------------

CUE_NOUNS = frozenset("""
statement assessment report claim allegation accusation remark comment announcement
testimony warning estimate assertion argument denial admission prediction promise pledge
""".split())

# prepositional cues: "according to X", "in the words of X"
ACCORDING = ("according", "to")

# -- based on ---------------------------------------------------------------------------------------

# "citing X", "quoting X", "based on reports from X", "quoted by X", "referring to X" (when naming a
# source, not a content), "as reported by X"
BASED_ON_VERBS = frozenset("cite quote".split())
BASED_ON_NOUNS = frozenset("report reports statement statements data information account "
                           "accounts assessment assessments claims testimony sources".split())

# -- stance -----------------------------------------------------------------------------------------

DENY_VERBS = frozenset("deny reject dismiss refute rebut disavow dispute contradict debunk".split())
DENY_NOUNS = frozenset("denial".split())
QUESTION_VERBS = frozenset("question ask wonder doubt query".split())
RECOMMEND_VERBS = frozenset("urge recommend advise call propose demand suggest".split())
RECOMMEND_MODALS = frozenset("should must ought".split())
HEDGE_MODALS = frozenset("may might could".split())
HEDGE_ADVERBS = frozenset("""possibly perhaps probably maybe likely apparently presumably seemingly
reportedly allegedly potentially conceivably""".split())
HEDGE_VERBS = frozenset("believe think suspect estimate speculate guess assume suppose".split())

# -- negation ---------------------------------------------------------------------------------------

NEGATION_WORDS = frozenset("not n't never no nothing none nobody neither nor".split())

# -- framing (distancing words the publisher uses) ---------------------------------------------------

FRAMING_ADVERBS = frozenset("""purportedly allegedly supposedly reportedly ostensibly apparently
claimedly""".split())
FRAMING_VERBS = frozenset("claim insist allege purport contend maintain".split())

# -- sources ----------------------------------------------------------------------------------------

PRONOUNS_PERSON = frozenset("he she him her i me".split())
PRONOUNS_PLURAL = frozenset("they them we us".split())
RELATIVE_PRONOUNS = frozenset("who which that whom".split())


def learned_rate(lemma: str, frame: str) -> float:
    """Rate at which ``lemma`` in ``frame`` was annotated as a cue; backs off to all frames."""
    row = LEARNED.get(lemma)
    if not row:
        return 0.0
    pos, tot = row.get(frame, (0, 0))
    if tot >= LEARNED_MIN_COUNT:
        return pos / tot
    pos = sum(v[0] for v in row.values())
    tot = sum(v[1] for v in row.values())
    return pos / tot if tot >= LEARNED_MIN_COUNT else 0.0


def is_cue_verb(lemma: str, frame: str) -> bool:
    if lemma in NEVER_VERBS:
        return False
    if lemma in CORE_VERBS and frame != "none":
        return True
    return learned_rate(lemma, frame) >= LEARNED_THRESHOLD


def verb_frame(tok) -> str:
    deps = {c.dep_ for c in tok.children}
    if "ccomp" in deps:
        return "ccomp"
    if "xcomp" in deps:
        return "xcomp"
    if "dobj" in deps:
        return "dobj"
    return "none"


def learn(path: str, min_pos: int = 3) -> dict[str, dict[str, list[int]]]:  # pragma: no cover - tool
    """Count, in a PolNeAR-style JSONL, how often each verb lemma in each frame heads a gold cue."""
    import json

    from .nlp import get_nlp

    nlp = get_nlp()
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    table: dict[str, dict[str, list[int]]] = {}
    for row, doc in zip(rows, nlp.pipe((r["text"] for r in rows), batch_size=16)):
        heads = set()
        for a in row.get("attributions", []):
            cue = a.get("cue")
            if not cue or not cue.get("spans"):
                continue
            span = doc.char_span(cue["spans"][0][0], cue["spans"][-1][1], alignment_mode="expand")
            if span is not None:
                heads.add(span.root.i)
        for t in doc:
            if t.pos_ != "VERB":
                continue
            cell = table.setdefault(t.lemma_.lower(), {}).setdefault(verb_frame(t), [0, 0])
            cell[1] += 1
            if t.i in heads:
                cell[0] += 1
    return {lem: fr for lem, fr in table.items() if sum(v[0] for v in fr.values()) >= min_pos}


if __name__ == "__main__":  # pragma: no cover - tool
    import argparse
    import pprint

    ap = argparse.ArgumentParser(description="learn the cue-verb table from a PolNeAR train file")
    ap.add_argument("--learn", required=True, help="train.jsonl")
    a = ap.parse_args()
    print("LEARNED = " + pprint.pformat(learn(a.learn), width=100, compact=True))
