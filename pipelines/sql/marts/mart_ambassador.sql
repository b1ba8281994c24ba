-- ambassadors for the dashboard, which reads only marts; the department is the top of the ambassador's unit
select
    ambassador.project_id,
    ambassador.person_id,
    ambassador.unit_id,
    unit.department_id,
    ambassador.start_date
from ambassador
left join mart_unit as unit
    on unit.project_id = ambassador.project_id and unit.unit_id = ambassador.unit_id
