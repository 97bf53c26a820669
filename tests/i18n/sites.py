"""A small federation in three languages: Norwegian (a catalogue), French (none), English."""

LANGUAGES_REPOSITORY = {
    "chapters/norway/chapter.yaml": """
        name: IOPS Norge
        level: national
        country: NO
        languages: [nb]
    """,
    "chapters/oslo/chapter.yaml": """
        name: IOPS Oslo
        level: local
        parent: norway
        country: NO
        languages: [nb, en]
        summary: Lokalgruppen i Oslo.
        founded: "2012-04"
        updated: "2014-01-05"
        meetings: {frequency: monthly, day: tuesday, week: first, time: "19:00", timezone: Europe/Oslo}
        members: {count: 12, women: 5, as_of: "2014-11-01"}
        admins:
          - {name: Kari Nordmann, github: kari-n}
        contact: {email: oslo@example.org}
    """,
    "chapters/oslo/posts/forste-mote.md": """
        ---
        title: Første møte
        date: "2014-10-01"
        ---
        Vi møttes på **kafé**.
    """,
    "chapters/oslo/posts/forste-mote.en.md": """
        ---
        title: First meeting
        ---
        We met at a **café**.
    """,
    "chapters/oslo/events/apent-mote.md": """
        ---
        title: Åpent møte
        date: "2014-12-01"
        starts: "2015-02-03T19:00:00+01:00"
        location: Kafé Hjertet
        ---
        Alle er velkomne.
    """,
    "chapters/oslo/events/apent-mote.de.md": """
        ---
        title: Offenes Treffen
        ---
        Alle sind willkommen.
    """,
    "chapters/lyon/chapter.yaml": """
        name: IOPS Lyon
        level: local
        country: FR
        languages: [fr]
        summary: Le groupe local de Lyon.
        meetings: {frequency: weekly, day: thursday, time: "19:00", timezone: Europe/Paris}
    """,
    "chapters/lyon/posts/reunion.md": """
        ---
        title: Première réunion
        date: "2014-12-01"
        ---
        Nous nous sommes réunis.
    """,
}
