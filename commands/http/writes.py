"""Every write over HTTP, made the same way: the body is the application's command model, the ids
the path carries are put into it here, and the actor is always the logged-in user.

`add_write(router, "/appeals/{appeal_id}/decision", DecideAppeal)` makes the route: its body is
DecideAppeal without `appeal_id` (the path gives it), so the schema shows the command's own
fields, types and bounds. The route builds the command (one door: `build`), asks the access
policy (commands/service/access/command_access.py) and executes it, or previews it with `?dry_run=true`.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import create_model

from commands.http.auth import the_ledger, writer
from commands.http.replies import reply
from commands.service.access.command_access import authorise_command
from commands.service.models.model_base import Command, Model, build
from ledger.users import User

_BODIES: dict[tuple, type[Model]] = {}


def body_model(model: type[Command], from_path: tuple[str, ...] = (),
               renamed: dict[str, str] | None = None) -> type[Model] | None:
    """The command model as a request body: the fields the path gives are left out, and a field
    may be spelled as the HTTP contract spells it (`renamed`: body name -> command field).
    None when the path gives every field."""
    renamed = renamed or {}
    if not from_path and not renamed:
        return model
    key = (model, from_path, tuple(sorted(renamed.items())))
    if key in _BODIES:
        return _BODIES[key]
    spelled = {command_name: body_name for body_name, command_name in renamed.items()}
    fields = {spelled.get(name, name): (info.annotation, info) for name, info in model.model_fields.items()
              if name not in from_path and not (name in renamed and name not in spelled)}
    if not fields:
        return None
    gives = ", ".join(from_path)
    body = create_model(model.__name__, __base__=Model, __doc__=(
        f"{(model.__doc__ or model.__name__).strip()}\n\nThe command `{model.command}`"
        + (f"; the path gives {gives}." if gives else ".")), **fields)
    _BODIES[key] = body
    return body


def command_from(model: type[Command], body: Model | None, path_values: dict[str, str],
                 renamed: dict[str, str] | None = None) -> Command:
    """The command: the body's fields (as the client set them) and the path's ids together."""
    if isinstance(body, model) and not path_values:
        return body  # the body is the whole command, validated already
    renamed = renamed or {}
    given = {renamed.get(name, name): getattr(body, name) for name in body.model_fields_set} if body else {}
    return build(model, {**given, **path_values})


def add_write(router: APIRouter, path: str, model: type[Command], *, status_code: int = 200,
              renamed: dict[str, str] | None = None, summary: str | None = None) -> None:
    """A POST route running `model`; the path's `{names}` are the command's fields of those names."""
    from_path = tuple(part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}"))
    body_type = body_model(model, from_path, renamed)

    async def run_command(request: Request, dry_run: bool = False, user: User = Depends(writer),
                          body: Any = None, **path_values: str):
        ledger = the_ledger(request)
        command = command_from(model, body, path_values, renamed)
        authorise_command(ledger, user, command)
        if dry_run:
            return reply(ledger.execute(command, user.label, dry_run=True))
        return reply(ledger.execute(command, user.label), status_code)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [inspect.Parameter(name, keyword, annotation=str) for name in from_path]
    if body_type is not None:
        parameters.append(inspect.Parameter("body", keyword, annotation=body_type))
    parameters += [inspect.Parameter("request", keyword, annotation=Request),
                   inspect.Parameter("dry_run", keyword, default=False, annotation=bool),
                   inspect.Parameter("user", keyword, default=Depends(writer), annotation=User)]
    run_command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run_command.__name__ = model.command.replace(" ", "_").replace("-", "_")
    run_command.__doc__ = (model.__doc__ or "").strip() or None
    router.add_api_route(path, run_command, methods=["POST"], status_code=status_code, summary=summary,
                         name=run_command.__name__)
