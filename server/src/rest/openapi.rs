//! The OpenAPI 3.1 document of /api/v2/ext, built with utoipa from the resource table below,
//! and a plain HTML rendering of it for people (served by the app, no CDN).

use std::sync::OnceLock;

use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr,
    Required, ResponseBuilder,
};

#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Str,
    Int,
    Num,
    Bool,
    Date,
    Stamp,
    Money,
}

/// One field of a resource: its wire name, type, whether a create needs it, whether an
/// update may send it, and whether a response may carry null.
struct Field(&'static str, Ty, bool, bool, bool);

struct Resource {
    path: &'static str,
    title: &'static str,
    fields: &'static [Field],
    filters: &'static [(&'static str, Ty)],
}

const Y: bool = true;
const N: bool = false;

const RESOURCES: &[Resource] = &[
    Resource {
        path: "clients",
        title: "Client",
        fields: &[
            Field("clientName", Ty::Str, Y, Y, N),
            Field("notes", Ty::Str, N, Y, N),
            Field("address", Ty::Str, N, Y, N),
            Field("email", Ty::Str, N, Y, N),
            Field("hourRate", Ty::Money, N, Y, Y),
            Field("archived", Ty::Bool, N, Y, N),
        ],
        filters: &[("clientName", Ty::Str), ("archived", Ty::Bool)],
    },
    Resource {
        path: "projects",
        title: "Project",
        fields: &[
            Field("projectName", Ty::Str, Y, Y, N),
            Field("clientName", Ty::Str, Y, Y, N),
            Field("notes", Ty::Str, N, Y, N),
            Field("hourRate", Ty::Money, N, Y, Y),
            Field("billable", Ty::Bool, N, Y, N),
            Field("budgetMinutes", Ty::Int, N, Y, Y),
            Field("budgetAmount", Ty::Money, N, Y, Y),
            Field("color", Ty::Str, N, Y, N),
            Field("archived", Ty::Bool, N, Y, N),
        ],
        filters: &[
            ("projectName", Ty::Str),
            ("clientName", Ty::Str),
            ("archived", Ty::Bool),
        ],
    },
    Resource {
        path: "tasks",
        title: "Task",
        fields: &[
            Field("taskName", Ty::Str, Y, Y, N),
            Field("projectName", Ty::Str, N, Y, N),
            Field("clientName", Ty::Str, N, Y, N),
            Field("hourRate", Ty::Money, N, Y, Y),
            Field("billable", Ty::Bool, N, Y, Y),
            Field("notes", Ty::Str, N, Y, N),
            Field("estimatedMinutes", Ty::Int, N, Y, Y),
            Field("completed", Ty::Bool, N, Y, N),
            Field("archived", Ty::Bool, N, Y, N),
        ],
        filters: &[
            ("taskName", Ty::Str),
            ("projectName", Ty::Str),
            ("clientName", Ty::Str),
        ],
    },
    Resource {
        path: "project_time_entries",
        title: "ProjectTimeEntry",
        fields: &[
            Field("user", Ty::Str, Y, N, N),
            Field("clientName", Ty::Str, Y, N, N),
            Field("projectName", Ty::Str, Y, N, N),
            Field("task", Ty::Str, N, Y, N),
            Field("hourRate", Ty::Money, N, Y, Y),
            Field("latitude", Ty::Num, N, Y, Y),
            Field("longitude", Ty::Num, N, Y, Y),
            Field("latitude1", Ty::Num, N, Y, Y),
            Field("longitude1", Ty::Num, N, Y, Y),
            Field("billable", Ty::Bool, N, Y, N),
            Field("flatRate", Ty::Bool, N, Y, N),
            Field("details", Ty::Str, N, Y, N),
            Field("tags", Ty::Str, N, Y, N),
            Field("from", Ty::Stamp, Y, Y, N),
            Field("to", Ty::Stamp, Y, Y, N),
            Field("workedMinutes", Ty::Int, N, Y, N),
            Field("breakMinutes", Ty::Int, N, Y, N),
        ],
        filters: &[
            ("clientName", Ty::Str),
            ("projectName", Ty::Str),
            ("user", Ty::Str),
            ("from", Ty::Stamp),
            ("to", Ty::Stamp),
        ],
    },
    Resource {
        path: "expenses",
        title: "Expense",
        fields: &[
            Field("user", Ty::Str, Y, N, N),
            Field("clientName", Ty::Str, Y, Y, N),
            Field("projectName", Ty::Str, Y, Y, N),
            Field("date", Ty::Date, Y, Y, N),
            Field("amount", Ty::Money, Y, Y, N),
            Field("currency", Ty::Str, N, Y, N),
            Field("category", Ty::Str, N, Y, N),
            Field("notes", Ty::Str, N, Y, N),
            Field("billable", Ty::Bool, N, Y, N),
        ],
        filters: &[
            ("user", Ty::Str),
            ("clientName", Ty::Str),
            ("projectName", Ty::Str),
            ("from", Ty::Date),
            ("to", Ty::Date),
        ],
    },
    Resource {
        path: "attendances",
        title: "Attendance",
        fields: &[
            Field("user", Ty::Str, Y, N, N),
            Field("from", Ty::Stamp, Y, Y, N),
            Field("to", Ty::Stamp, Y, Y, N),
            Field("notes", Ty::Str, N, Y, N),
            Field("manual", Ty::Bool, N, Y, N),
            Field("workedMinutes", Ty::Int, N, Y, N),
            Field("breakMinutes", Ty::Int, N, Y, N),
            Field("latitudeStart", Ty::Num, N, Y, Y),
            Field("longitudeStart", Ty::Num, N, Y, Y),
            Field("latitudeEnd", Ty::Num, N, Y, Y),
            Field("longitudeEnd", Ty::Num, N, Y, Y),
        ],
        filters: &[("user", Ty::Str), ("from", Ty::Stamp), ("to", Ty::Stamp)],
    },
    Resource {
        path: "absences",
        title: "Absence",
        fields: &[
            Field("user", Ty::Str, Y, N, N),
            Field("absenceType", Ty::Str, Y, Y, N),
            Field("from", Ty::Date, Y, Y, N),
            Field("to", Ty::Date, Y, Y, N),
            Field("halfDay", Ty::Bool, N, Y, N),
            Field("notes", Ty::Str, N, Y, N),
            Field("status", Ty::Str, N, Y, N),
        ],
        filters: &[
            ("user", Ty::Str),
            ("absenceType", Ty::Str),
            ("status", Ty::Str),
            ("from", Ty::Date),
            ("to", Ty::Date),
        ],
    },
    Resource {
        path: "absence_types",
        title: "AbsenceType",
        fields: &[
            Field("name", Ty::Str, Y, Y, N),
            Field("paid", Ty::Bool, N, Y, N),
            Field("color", Ty::Str, N, Y, N),
            Field("countsAsWorkTime", Ty::Bool, N, Y, N),
            Field("usesLeave", Ty::Bool, N, Y, N),
            Field("archived", Ty::Bool, N, Y, N),
        ],
        filters: &[("name", Ty::Str)],
    },
];

fn scalar(ty: Ty, input: bool, nullable: bool) -> Schema {
    let (types, format, pattern): (Vec<Type>, Option<&str>, Option<&str>) = match (ty, input) {
        (Ty::Str, _) => (vec![Type::String], None, None),
        (Ty::Int, false) => (vec![Type::Integer], None, None),
        (Ty::Int, true) => (vec![Type::Integer, Type::String], None, None),
        (Ty::Num, false) | (Ty::Money, false) => (vec![Type::Number], None, None),
        (Ty::Num, true) | (Ty::Money, true) => (vec![Type::Number, Type::String], None, None),
        (Ty::Bool, false) => (vec![Type::Boolean], None, None),
        (Ty::Bool, true) => (vec![Type::Boolean, Type::Integer, Type::String], None, None),
        (Ty::Date, _) => (
            vec![Type::String],
            Some("date"),
            Some(r"^\d{4}-\d{2}-\d{2}$"),
        ),
        (Ty::Stamp, _) => (vec![Type::String], Some("date-time"), None),
    };
    let mut types = types;
    if nullable {
        types.push(Type::Null);
    }
    let mut b = ObjectBuilder::new().schema_type(if types.len() == 1 {
        SchemaType::Type(types[0].clone())
    } else {
        SchemaType::from_iter(types)
    });
    if let Some(f) = format {
        b = b.format(Some(utoipa::openapi::SchemaFormat::Custom(f.to_string())));
    }
    if let Some(p) = pattern {
        b = b.pattern(Some(p));
    }
    b.build().into()
}

fn object_schema(r: &Resource, kind: &str) -> Schema {
    let mut b = ObjectBuilder::new().schema_type(Type::Object);
    match kind {
        "out" => {
            b = b
                .property("id", ObjectBuilder::new().schema_type(Type::Integer))
                .required("id")
                .property("createdAt", scalar(Ty::Stamp, false, false))
                .property("updatedAt", scalar(Ty::Stamp, false, false));
            for f in r.fields {
                // Responses also carry the numeric ids of what a record refers to.
                b = b.property(f.0, scalar(f.1, false, f.4 || f.1 == Ty::Num));
            }
            for id in ["clientId", "projectId", "taskId", "userId", "absenceTypeId"] {
                if r.fields.iter().any(|f| {
                    (id == "clientId" && f.0 == "clientName")
                        || (id == "projectId" && f.0 == "projectName")
                        || (id == "taskId" && f.0 == "task")
                        || (id == "userId" && f.0 == "user")
                        || (id == "absenceTypeId" && f.0 == "absenceType")
                }) {
                    b = b.property(
                        id,
                        ObjectBuilder::new()
                            .schema_type(SchemaType::from_iter([Type::Integer, Type::Null])),
                    );
                }
            }
        }
        "create" => {
            for f in r.fields {
                b = b.property(f.0, scalar(f.1, true, f.4));
                if f.2 {
                    b = b.required(f.0);
                }
            }
        }
        _ => {
            for f in r.fields.iter().filter(|f| f.3) {
                b = b.property(f.0, scalar(f.1, true, f.4));
            }
        }
    }
    b.build().into()
}

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(name))
}

fn json_response(description: &str, schema: RefOr<Schema>) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

fn errors(op: OperationBuilder) -> OperationBuilder {
    let mut op = op;
    for (code, what) in [
        ("400", "Malformed request"),
        ("401", "Authentication failed"),
        ("404", "Not found"),
        ("422", "Invalid parameters"),
        ("429", "Too many requests"),
    ] {
        op = op.response(code, json_response(what, reference("Errors")));
    }
    op
}

fn query_param(name: &str, ty: Ty) -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .schema(Some(scalar(ty, true, false)))
        .build()
}

fn id_param() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .build(),
        ))
        .build()
}

fn body(schema: &str) -> utoipa::openapi::request_body::RequestBody {
    RequestBodyBuilder::new()
        .required(Some(Required::True))
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(reference(schema)))
                .build(),
        )
        .build()
}

fn envelope_one(schema: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("data", reference(schema))
        .required("data")
        .build()
        .into()
}

fn envelope_list(schema: &str) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("data", ArrayBuilder::new().items(reference(schema)))
        .required("data")
        .property("meta", reference("Meta"))
        .required("meta")
        .build()
        .into()
}

fn loose_object() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .build()
        .into()
}

pub fn document() -> &'static OpenApi {
    static DOC: OnceLock<OpenApi> = OnceLock::new();
    DOC.get_or_init(build)
}

fn build() -> OpenApi {
    let mut paths = PathsBuilder::new();
    let mut components = ComponentsBuilder::new()
        .schema(
            "Errors",
            ObjectBuilder::new().schema_type(Type::Object).property(
                "errors",
                ArrayBuilder::new().items(
                    ObjectBuilder::new()
                        .schema_type(Type::Object)
                        .property("title", ObjectBuilder::new().schema_type(Type::String))
                        .property("status", ObjectBuilder::new().schema_type(Type::Integer))
                        .property("code", ObjectBuilder::new().schema_type(Type::Integer))
                        .property("detail", ObjectBuilder::new().schema_type(Type::String))
                        .property(
                            "source",
                            ObjectBuilder::new().schema_type(Type::Object).property(
                                "parameter",
                                ObjectBuilder::new().schema_type(Type::String),
                            ),
                        )
                        .required("title")
                        .required("status")
                        .required("code")
                        .required("detail"),
                ),
            ),
        )
        .schema(
            "Meta",
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property(
                    "pageNumber",
                    ObjectBuilder::new().schema_type(Type::Integer),
                )
                .property("limit", ObjectBuilder::new().schema_type(Type::Integer))
                .property(
                    "totalRecords",
                    ObjectBuilder::new().schema_type(Type::Integer),
                )
                .property(
                    "totalPages",
                    ObjectBuilder::new().schema_type(Type::Integer),
                ),
        )
        .schema(
            "Deleted",
            ObjectBuilder::new().schema_type(Type::Object).property(
                "data",
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property("id", ObjectBuilder::new().schema_type(Type::Integer))
                    .property("deleted", ObjectBuilder::new().schema_type(Type::Boolean)),
            ),
        )
        .security_scheme(
            "ApiKey",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-TimeTrack-Api-Key"))),
        )
        .security_scheme(
            "ApiSecret",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-TimeTrack-Api-Secret"))),
        );

    for r in RESOURCES {
        let (one, create, update) = (
            r.title.to_string(),
            format!("{}Create", r.title),
            format!("{}Update", r.title),
        );
        components = components
            .schema(one.clone(), object_schema(r, "out"))
            .schema(create.clone(), object_schema(r, "create"))
            .schema(update.clone(), object_schema(r, "update"))
            .schema(format!("{}One", r.title), envelope_one(&one))
            .schema(format!("{}List", r.title), envelope_list(&one));
        let mut list = OperationBuilder::new()
            .tag(r.path)
            .operation_id(Some(format!("list_{}", r.path)))
            .summary(Some(format!("List {}", r.path)));
        for (name, ty) in r.filters {
            list = list.parameter(query_param(name, *ty));
        }
        list = list
            .parameter(
                ParameterBuilder::new()
                    .name("page_number")
                    .parameter_in(ParameterIn::Query)
                    .schema(Some(
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .minimum(Some(0))
                            .build(),
                    ))
                    .build(),
            )
            .parameter(
                ParameterBuilder::new()
                    .name("limit")
                    .parameter_in(ParameterIn::Query)
                    .schema(Some(
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .minimum(Some(1))
                            .maximum(Some(1000))
                            .build(),
                    ))
                    .build(),
            )
            .response(
                "200",
                json_response("A page", reference(&format!("{}List", r.title))),
            );
        let post = OperationBuilder::new()
            .tag(r.path)
            .operation_id(Some(format!("create_{}", r.path)))
            .summary(Some(format!("Create a {}", r.title)))
            .request_body(Some(body(&create)))
            .response(
                "201",
                json_response("Created", reference(&format!("{}One", r.title))),
            );
        let mut item = PathItem::new(HttpMethod::Get, errors(list).build());
        item.post = Some(errors(post).build());
        paths = paths.path(format!("/api/v2/ext/{}", r.path), item);

        let get = OperationBuilder::new()
            .tag(r.path)
            .operation_id(Some(format!("get_{}", r.path)))
            .parameter(id_param())
            .response(
                "200",
                json_response("The record", reference(&format!("{}One", r.title))),
            );
        let put = OperationBuilder::new()
            .tag(r.path)
            .operation_id(Some(format!("update_{}", r.path)))
            .summary(Some("Partial update: only sent fields change"))
            .parameter(id_param())
            .request_body(Some(body(&update)))
            .response(
                "200",
                json_response("Updated", reference(&format!("{}One", r.title))),
            );
        let delete = OperationBuilder::new()
            .tag(r.path)
            .operation_id(Some(format!("delete_{}", r.path)))
            .summary(Some("Soft delete"))
            .parameter(id_param())
            .response("200", json_response("Deleted", reference("Deleted")));
        let mut item = PathItem::new(HttpMethod::Get, errors(get).build());
        item.put = Some(errors(put).build());
        item.delete = Some(errors(delete).build());
        paths = paths.path(format!("/api/v2/ext/{}/{{id}}", r.path), item);
    }

    // Timers and reports answer shapes that are documented in prose; their bodies are objects.
    let user_query = || {
        ParameterBuilder::new()
            .name("user")
            .parameter_in(ParameterIn::Query)
            .required(Required::True)
            .schema(Some(scalar(Ty::Str, true, false)))
            .build()
    };
    let timer_body = || {
        RequestBodyBuilder::new()
            .required(Some(Required::True))
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(RefOr::T(
                        ObjectBuilder::new()
                            .schema_type(Type::Object)
                            .property("user", scalar(Ty::Str, true, false))
                            .required("user")
                            .build()
                            .into(),
                    )))
                    .build(),
            )
            .build()
    };
    let data_response = |what: &str| {
        json_response(
            what,
            RefOr::T(
                ObjectBuilder::new()
                    .schema_type(Type::Object)
                    .property("data", loose_object())
                    .required("data")
                    .build()
                    .into(),
            ),
        )
    };
    for (path, get_summary, posts) in [
        (
            "project_timer",
            "The user's running project timer, or null",
            &["start", "stop"][..],
        ),
        (
            "attendance_timer",
            "The user's clock: running since, break running since, breaks",
            &["start", "stop", "break/start", "break/stop"][..],
        ),
    ] {
        let mut item = PathItem::new(
            HttpMethod::Get,
            errors(
                OperationBuilder::new()
                    .tag(path)
                    .operation_id(Some(format!("get_{path}")))
                    .summary(Some(get_summary))
                    .parameter(user_query())
                    .response("200", data_response("State")),
            )
            .build(),
        );
        if path == "project_timer" {
            item.put = Some(
                errors(
                    OperationBuilder::new()
                        .tag(path)
                        .operation_id(Some("update_project_timer"))
                        .request_body(Some(timer_body()))
                        .response("200", data_response("Changed")),
                )
                .build(),
            );
            item.delete = Some(
                errors(
                    OperationBuilder::new()
                        .tag(path)
                        .operation_id(Some("discard_project_timer"))
                        .parameter(user_query())
                        .response("200", data_response("Discarded")),
                )
                .build(),
            );
        }
        paths = paths.path(format!("/api/v2/ext/{path}"), item);
        for p in posts {
            let op = OperationBuilder::new()
                .tag(path)
                .operation_id(Some(format!("{path}_{}", p.replace('/', "_"))))
                .request_body(Some(timer_body()))
                .response(
                    if p.starts_with("break") { "200" } else { "201" },
                    data_response("Done"),
                );
            paths = paths.path(
                format!("/api/v2/ext/{path}/{p}"),
                PathItem::new(HttpMethod::Post, errors(op).build()),
            );
        }
    }
    let date_param = |name: &str| {
        ParameterBuilder::new()
            .name(name)
            .parameter_in(ParameterIn::Query)
            .required(Required::True)
            .schema(Some(scalar(Ty::Date, true, false)))
            .build()
    };
    let reports = OperationBuilder::new()
        .tag("user_reports")
        .operation_id(Some("list_user_reports"))
        .summary(Some(
            "Timesheets per user and local day; all users when user is omitted",
        ))
        .parameter(query_param("user", Ty::Str))
        .parameter(date_param("from"))
        .parameter(date_param("to"))
        .response(
            "200",
            json_response(
                "Reports",
                RefOr::T(
                    ObjectBuilder::new()
                        .schema_type(Type::Object)
                        .property("data", ArrayBuilder::new().items(RefOr::T(loose_object())))
                        .property("meta", reference("Meta"))
                        .build()
                        .into(),
                ),
            ),
        );
    paths = paths.path(
        "/api/v2/ext/user_reports",
        PathItem::new(HttpMethod::Get, errors(reports).build()),
    );
    let report = OperationBuilder::new()
        .tag("user_reports")
        .operation_id(Some("get_user_report"))
        .parameter(id_param())
        .parameter(date_param("from"))
        .parameter(date_param("to"))
        .response("200", data_response("Report"));
    paths = paths.path(
        "/api/v2/ext/user_reports/{id}",
        PathItem::new(HttpMethod::Get, errors(report).build()),
    );

    let mut doc = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Stempel REST API (/api/v2/ext)")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some("Key-authenticated REST API, compatible with the TimeTrack Enterprise API. Every request sends X-TimeTrack-Api-Key and X-TimeTrack-Api-Secret. Errors: {\"errors\": [{title, status, code, detail, source}]}; codes in docs/api-errors.md."))
                .build(),
        )
        .paths(paths.build())
        .components(Some(components.build()))
        .build();
    doc.security = Some(vec![SecurityRequirement::new(
        "ApiKey",
        Vec::<String>::new(),
    )
    .add("ApiSecret", Vec::<String>::new())]);
    doc
}

pub async fn json() -> Response {
    axum::Json(document()).into_response()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The human API docs page: every resource with its fields and endpoints.
pub async fn html() -> Html<String> {
    let mut out = String::from(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Stempel API</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/pkg/stempel.css\"></head><body><main class=\"page\">\
         <section class=\"card\"><h1>Stempel REST API</h1><p>Base path <code>/api/v2/ext</code>. Send <code>X-TimeTrack-Api-Key</code> and \
         <code>X-TimeTrack-Api-Secret</code> (from Settings / General / API) with every request. Lists take <code>page_number</code> (from 0) \
         and <code>limit</code> (1–1000, default 50). Numbers may be sent as strings, booleans as 1/0. Deleting is soft. \
         The machine-readable document is <a href=\"/api/v2/ext/openapi.json\">openapi.json</a>.</p></section>",
    );
    for r in RESOURCES {
        out.push_str(&format!(
            "<section class=\"card\" id=\"{p}\"><h2>{t} — <code>/api/v2/ext/{p}</code></h2>\
             <p><code>GET /{p}</code> · <code>GET /{p}/{{id}}</code> · <code>POST /{p}</code> · <code>PUT /{p}/{{id}}</code> · <code>DELETE /{p}/{{id}}</code></p>\
             <div class=\"table-scroll\"><table><thead><tr><th>field</th><th>type</th><th>required on create</th><th>updatable</th></tr></thead><tbody>",
            p = r.path,
            t = esc(r.title)
        ));
        for f in r.fields {
            let ty = match f.1 {
                Ty::Str => "text",
                Ty::Int => "integer",
                Ty::Num => "number",
                Ty::Bool => "boolean",
                Ty::Date => "date YYYY-MM-DD",
                Ty::Stamp => "timestamp",
                Ty::Money => "amount",
            };
            out.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{ty}</td><td>{}</td><td>{}</td></tr>",
                esc(f.0),
                if f.2 { "yes" } else { "" },
                if f.3 { "yes" } else { "no" }
            ));
        }
        let filters: Vec<String> = r
            .filters
            .iter()
            .map(|(n, _)| format!("<code>{}</code>", esc(n)))
            .collect();
        out.push_str(&format!(
            "</tbody></table></div><p>Filters: {}</p></section>",
            filters.join(", ")
        ));
    }
    out.push_str(
        "<section class=\"card\"><h2>Timers and reports</h2><ul>\
         <li><code>GET /project_timer?user=U</code>, <code>POST /project_timer/start</code>, <code>POST /project_timer/stop</code>, <code>PUT /project_timer</code>, <code>DELETE /project_timer?user=U</code></li>\
         <li><code>GET /attendance_timer?user=U</code>, <code>POST /attendance_timer/start</code>, <code>/stop</code>, <code>/break/start</code>, <code>/break/stop</code></li>\
         <li><code>GET /user_reports?user=U&amp;from=D&amp;to=D</code>, <code>GET /user_reports/{userId}?from=D&amp;to=D</code></li></ul></section>\
         </main></body></html>",
    );
    Html(out)
}
