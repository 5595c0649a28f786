"""Stage 3, summarise: one article's key sentences.

``key_sentences`` drops what is not content (``content``), rates the rest with a
method (``newsrank``, ``lexrank``, or sumy's through ``sumy_adapter``, the only module
that imports sumy) and keeps the best, quoted exactly.
"""
