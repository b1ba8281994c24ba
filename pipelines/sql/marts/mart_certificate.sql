-- validation certificates for the dashboard, which reads only marts (no names: person_id is a keyed hash)
select
    certificate.project_id,
    certificate.person_id,
    person.department_id,
    certificate.date,
    certificate.competence_area
from validation_certificate as certificate
left join mart_person as person
    on person.project_id = certificate.project_id and person.person_id = certificate.person_id
