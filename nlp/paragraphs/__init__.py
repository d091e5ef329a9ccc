"""Paragraph classification (SPEC §3): the transparent rule baseline (:mod:`~nlp.paragraphs.rules`)
and the shipped linear model, predicted in pure Python (:mod:`~nlp.paragraphs.linear_model`)."""
