"""The parts ``handlers.answers.Answerer`` is composed of, one kind of answer per module.

``core`` (what an answer is, where it may go, refusals and Ashby failures as answers), ``finding`` (which
candidate was meant), ``candidates``, ``jobs``, ``interviews``, ``feedback``, ``offers`` and ``help``. The rest
of the code talks to ``Answerer``; these modules are split so each stays short enough to read at once.
"""
