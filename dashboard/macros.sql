-- Rules several named queries share, defined once. data.open_warehouse creates them on every connection; a query
-- calls them like built-in functions. They hold no data, so suppression stays with the queries that use them.

-- The row a person falls in when a page breaks its figures down by gender, role or department. Departments of
-- different projects are different departments, so with all projects chosen the rows are the projects.
create or replace macro memory.main.row_key(dimension, all_projects, project_id, gender, role, department_id) as
    case
        when dimension = 'gender' then coalesce(gender, 'X')
        when dimension = 'role' then coalesce(role, '?')
        when all_projects then project_id
        else coalesce(department_id, '?')
    end;

-- The name shown for a department row (genders and roles are named by the page from the catalogue). Two
-- municipalities may both have a Serviceförvaltningen, so the municipality is added when there are several.
create or replace macro memory.main.row_name(dimension, all_projects, project_name, several_municipalities,
                                             department_name, municipality) as
    case
        when dimension <> 'department' then null
        when all_projects then project_name
        when several_municipalities then department_name || ' (' || municipality || ')'
        else department_name
    end;
