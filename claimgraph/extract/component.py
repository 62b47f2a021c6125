"""Attribution as a spaCy pipeline component.

    import spacy
    import claimgraph.extract.component  # registers the factory (or through the spacy_factories entry point)

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("claimgraph_attribution")          # after the parser
    doc = nlp("The harbour master said the ferry would resume service on Friday.")
    for st in doc._.statements:                     # claimgraph.model.Statement objects
        print(st.source.text, st.cue, st.content)

Spans in the statements are character offsets into ``doc.text``. The component needs a pipeline with
a tagger, lemmatizer, dependency parser and named entities (any English spaCy model has them). The
document id of each statement is ``doc.user_data["doc_id"]`` when set, else ``""``; ``publisher``
in the config lets the publisher's mentions of itself ("The Post has learned") be resolved.
"""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import EXTRACTOR_VERSION, statements_from_parses

EXTENSION = "statements"

if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


class AttributionComponent:
    """Puts the document's attributed statements on ``doc._.statements``."""

    def __init__(self, nlp: Language, name: str, publisher: Optional[str] = None, use_models: bool = True):
        self.name = name
        self.publisher = publisher
        self.use_models = use_models
        self.version = EXTRACTOR_VERSION

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            raise ValueError("claimgraph_attribution needs a dependency parse: add it after the parser")
        doc_id = str(doc.user_data.get("doc_id", "")) if doc.user_data else ""
        doc._.set(EXTENSION, statements_from_parses(doc_id, doc.text, [(0, doc)], self.publisher,
                                                    use_models=self.use_models))
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)


@Language.factory(
    "claimgraph_attribution",
    default_config={"publisher": None, "use_models": True},
    assigns=["doc._.statements"],
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents"],
)
def make_attribution(nlp: Language, name: str, publisher: Optional[str], use_models: bool) -> AttributionComponent:
    return AttributionComponent(nlp, name, publisher=publisher, use_models=use_models)
