"""Collegium material: the slide model built from a frozen payload, and its writers (PowerPoint, PDF, presenter).

source   today's figures as a payload (queries + metrics -> metrics.snapshot.build_payload), no Streamlit
model    Deck / Slide built from a payload and a language (pure)
figures  the slides' plotly figures: an indicator's series, the DOST coverage map
images   server-side PNGs (and PDF printing) through kaleido and Debian's Chromium, one warm browser per process
html     the slides as HTML (printed to PDF; drawn as they are in presenter mode)
to_pptx, to_pdf, export   the files; export produces both, the images rendered once
system, errors            what the export needs on the machine, and its one error
cached, present, since    Streamlit: caches, presenter mode, "since the last collegium"
"""
