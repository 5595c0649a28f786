"""Stage 2, split: sentences (``sentences``, with Punkt's parameters and our ``rules``)
and the word terms every ranking and comparison uses (``terms``).

Nothing is imported here, so that ``nltk_loader`` can run before NLTK is loaded.
"""
