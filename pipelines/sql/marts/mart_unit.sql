-- every unit with its department (the top of its unit tree) and municipality
with recursive tree as (
    select project_id, unit_id, unit_id as department_id, 0 as depth
    from org_unit
    where parent_unit_id is null
    union all
    select child.project_id, child.unit_id, tree.department_id, tree.depth + 1
    from org_unit as child
    join tree on child.project_id = tree.project_id and child.parent_unit_id = tree.unit_id
    -- a unit tree deeper than this is a loop in the data, not an organisation
    where tree.depth < 20
)
select
    unit.project_id,
    unit.unit_id,
    unit.name as unit_name,
    unit.unit_type,
    unit.municipality,
    coalesce(tree.department_id, unit.unit_id) as department_id,
    coalesce(department.name, unit.name) as department_name
from org_unit as unit
left join tree on tree.project_id = unit.project_id and tree.unit_id = unit.unit_id
left join org_unit as department
    on department.project_id = tree.project_id and department.unit_id = tree.department_id
