"""The loader: project folders of exports → validated, pseudonymised base-table rows → the warehouse.

A file's path through the rooms, in the order run.run_ingest takes it:

    discover   which folders are projects and which of their files hold data
    read       one file → raw tables (pipelines.readers) and its FileReport; one file's surprise stays in that file
    recognise  each table's kind (sheet, file name, headers) and its validation against pipelines.contract
    people     person_id from employee number or personnummer (keyed hashes); unknown people rejected
    build      validated rows → base-table rows, one build_<kind> per kind in BUILDERS (survey answers: survey)
    checks     what every builder checks alike: references, repeated keys (pipelines.keys), a table's columns
    plan       per kind replace / add / refuse, rows now → after, and the plan's warnings
    report     per-file counts and messages, rejected and warned rows, the Excel rejection report
    run        run_ingest: the order above for each folder, then the write through pipelines.warehouse

batch.Batch is the state one project folder carries through these functions.
"""
