"""scalesim's moto launcher: moto_server plus the patches scalesim needs, on a port chosen by the OS.

Usage: python3 launcher.py [--host 127.0.0.1]

Prints one line `SCALESIM_MOTO_READY port=<port>` on stdout once it accepts connections, then serves
until SIGTERM/SIGINT. `MOTO_PORT` must be set by the caller to the *gateway's* port, so that moto's
Step Functions engine sends its own AWS calls (Lambda Invoke, ECS RunTask, ...) back through the
scalesim gateway, which executes them (see simulator/emulator/gateway).

Every patch below names its upstream issue or pull request (`PATCHES`), or, where none exists, the
issue text in UPSTREAM.md beside this file, ready to file. Two guards protect each patch:

- the version: patches are written for, and tested with, moto 5.2.1 (`WRITTEN_FOR`). On any other
  version a patch is skipped, with a `SCALESIM_MOTO_NOTE` line saying why, because that version may
  have fixed it; `SCALESIM_MOTO_PATCHES=force` applies it anyway, except where the upstream fix is
  known to be released (`fixed_in`);
- the code: a patch returns without patching when the attribute it replaces no longer looks like the
  code it was written against (or was already patched).

Each patch reports the outcome on stderr (`SCALESIM_MOTO_PATCH name=... applied=...`); scalesim shows
the notes in its progress log.
"""

import argparse
import os
import re
import signal
import sys
from collections import namedtuple

#: The moto release every patch below was written against and tested with.
WRITTEN_FOR = "5.2.1"


def _log(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def patch_execution_deepcopy():
    """moto#10077: the second StartExecution fails with 500 `cannot pickle '_thread.RLock'`.

    StartExecution deep-copies the state machine, which holds its previous executions; those hold
    worker threads and locks. An execution is never meant to be copied, so a copy is the object itself.
    Fixed upstream by moto#10093, released in moto 5.2.3: remove when scalesim requires moto >= 5.2.3.
    """
    from moto.stepfunctions.parser.backend.execution import Execution

    if "__deepcopy__" in Execution.__dict__:
        return False
    Execution.__deepcopy__ = lambda self, memo: self
    return True


def _boto_operation(service_name, snake_action):
    """The botocore OperationModel for e.g. ("ecs", "run_task"), from the locally installed models."""
    import botocore.session
    from botocore import xform_name

    model = botocore.session.get_session().get_service_model(service_name)
    for op_name in model.operation_names:
        if xform_name(op_name) == snake_action:
            return model.operation_model(op_name)
    return None


def _datetimes_to_epoch_millis(value):
    """boto3 parses timestamps into datetime objects, which moto's JSON responses cannot serialise
    (DescribeExecution fails with `Object of type datetime is not JSON serializable`); Step Functions on
    AWS renders service-integration timestamps as epoch milliseconds."""
    import datetime

    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, datetime.datetime):
                value[k] = int(v.timestamp() * 1000)
            else:
                _datetimes_to_epoch_millis(v)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, datetime.datetime):
                value[i] = int(v.timestamp() * 1000)
            else:
                _datetimes_to_epoch_millis(v)


def patch_ecs_normalisation():
    """SFN `arn:aws:states:::ecs:runTask(.sync)` fails with KeyError('Cluster') on moto 5.2.1.

    moto vendors LocalStack's SFN interpreter but leaves `StateTaskService._normalise_parameters` and
    `_normalise_response` as no-ops, so the SFN-cased parameters (`Cluster`, `TaskDefinition`) reach
    boto3 unconverted and the boto-cased response (`tasks`) is read as `Tasks`. LocalStack converts both
    through botocore's shapes (localstack `state_task_service.py`); this does the same, for ECS only, so
    no other integration changes behaviour, and turns boto's datetimes into epoch milliseconds as AWS
    does (else the execution's output cannot be serialised). Upstream: moto#10076 (the same no-op breaks
    `states:startExecution.sync`), fix proposed in moto#10094. Remove when moto's `StateTaskService._normalise_parameters`
    is no longer a no-op (check moto's stepfunctions/parser/asl/component/state/exec/state_task/service/
    state_task_service.py after each moto upgrade).
    """
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_ecs import (
        StateTaskServiceEcs,
    )

    base = state_task_service.StateTaskService
    if base._normalise_parameters.__code__.co_code != (lambda *a, **k: None).__code__.co_code:
        # Upstream implemented the conversion: nothing to patch.
        return False

    def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
        op = _boto_operation(
            self._get_boto_service_name(boto_service_name),
            self._get_boto_service_action(service_action_name),
        )
        if op is not None and op.input_shape is not None:
            self._to_boto_request(parameters, op.input_shape)

    def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
        op = _boto_operation(
            self._get_boto_service_name(boto_service_name),
            self._get_boto_service_action(service_action_name),
        )
        if op is not None and op.output_shape is not None:
            self._from_boto_response(response, op.output_shape)
        _datetimes_to_epoch_millis(response)

    StateTaskServiceEcs._normalise_parameters = _normalise_parameters
    StateTaskServiceEcs._normalise_response = _normalise_response
    return True


def patch_ecs_sync_failure():
    """SFN `ecs:runTask.sync` reports SUCCEEDED even when the essential container exits non-zero.

    On AWS the state fails with `States.TaskFailed` and the task description as its cause when the
    task stops with a non-zero exit code in an essential container. moto 5.2.1 (like the LocalStack code
    it vendors) returns the stopped task as a success. This mirrors moto's own Batch `.sync` resolver
    (`state_task_service_batch.py`), which raises `States.TaskFailed`. No upstream issue yet:
    UPSTREAM.md#sfn-ecs-sync-exit-code. Remove when moto's
    `StateTaskServiceEcs._build_sync_resolver` checks container exit codes.
    """
    from moto.stepfunctions.parser.api import HistoryEventType, TaskFailedEventDetails
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
        FailureEventException,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import (
        StatesErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import (
        StatesErrorNameType,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_ecs import (
        StateTaskServiceEcs,
    )
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails
    from moto.stepfunctions.parser.asl.utils.encoding import to_json_str

    original = StateTaskServiceEcs._build_sync_resolver
    if getattr(original, "_scalesim", False):
        return False

    def _build_sync_resolver(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        resolver = original(self, env, resource_runtime_part, normalised_parameters, state_credentials)

        def _checked():
            task = resolver()
            if task is None:
                return None
            failed = [
                c
                for c in task.get("Containers", [])
                if c.get("ExitCode") not in (None, 0)
            ]
            if failed or task.get("StopCode") in ("TaskFailedToStart", "UserInitiated"):
                raise FailureEventException(
                    FailureEvent(
                        env=env,
                        error_name=StatesErrorName(typ=StatesErrorNameType.StatesTaskFailed),
                        event_type=HistoryEventType.TaskFailed,
                        event_details=EventDetails(
                            taskFailedEventDetails=TaskFailedEventDetails(
                                resource=self._get_sfn_resource(),
                                resourceType=self._get_sfn_resource_type(),
                                error=StatesErrorNameType.StatesTaskFailed.to_name(),
                                cause=to_json_str(task),
                            )
                        ),
                    )
                )
            return task

        return _checked

    _build_sync_resolver._scalesim = True
    StateTaskServiceEcs._build_sync_resolver = _build_sync_resolver
    return True


def patch_lambda_arn_client_error_name():
    """SFN Task with a plain Lambda ARN as Resource names every Lambda API error `Exception`.

    On AWS a throttled invoke surfaces as `Lambda.TooManyRequestsException` in both the
    `arn:aws:states:::lambda:invoke` form and the plain function-ARN form, so `Retry` on that name works
    for either. moto 5.2.1's `StateTaskLambda._from_error` hard-codes `Exception` for a botocore
    ClientError (the `lambda:invoke` form, `StateTaskServiceLambda`, already says
    `Lambda.<Code>`). LocalStack fixed the same vendored code (localstack#11957); no moto issue yet:
    UPSTREAM.md#sfn-lambda-arn-error-name. Remove when moto's `StateTaskLambda._from_error` uses the error code.
    """
    from botocore.exceptions import ClientError

    from moto.stepfunctions.parser.api import (
        HistoryEventType,
        LambdaFunctionFailedEventDetails,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.custom_error_name import (
        CustomErrorName,
    )
    from moto.stepfunctions.parser.asl.component.common.error_name.failure_event import (
        FailureEvent,
    )
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.state_task_lambda import (
        StateTaskLambda,
    )
    from moto.stepfunctions.parser.asl.eval.event.event_detail import EventDetails

    original = StateTaskLambda._from_error
    if getattr(original, "_scalesim", False):
        return False

    def _from_error(self, env, ex):
        if isinstance(ex, ClientError):
            error = "Lambda." + ex.response["Error"]["Code"]
            return FailureEvent(
                env=env,
                error_name=CustomErrorName(error),
                event_type=HistoryEventType.LambdaFunctionFailed,
                event_details=EventDetails(
                    lambdaFunctionFailedEventDetails=LambdaFunctionFailedEventDetails(
                        error=error,
                        cause=ex.response["Error"].get("Message", ""),
                    )
                ),
            )
        return original(self, env, ex)

    _from_error._scalesim = True
    StateTaskLambda._from_error = _from_error
    return True


def patch_lambda_simple_backend_split():
    """With `lambda.use_docker: false`, the Lambda API and CloudFormation use different stores.

    moto 5.2.1 `awslambda/utils.py get_backend` returns `lambda_simple_backends` when use_docker is
    false, but CloudFormation's `AWS::Lambda::Function` (`LambdaFunction.create_from_cloudformation_json`)
    always writes to `lambda_backends`: functions a stack created are then invisible to GetFunction, and
    Invoke answers "Function not found". This keeps the simple backend's Docker-free `invoke` (used by
    moto-internal triggers such as S3 notifications; the scalesim gateway runs Invoke itself) but makes it
    share all state with `lambda_backends`. Upstream: moto#9852; its CloudFormation half is fixed by
    moto#10028 (released in moto 5.2.2), after which CloudFormation and the API share the simple backend.
    """
    from moto.awslambda import responses as lambda_responses
    from moto.awslambda import utils as lambda_utils

    original = lambda_utils.get_backend
    if getattr(original, "_scalesim", False):
        return False

    def get_backend(account_id, region):
        from moto.awslambda.models import lambda_backends
        from moto.core.models import default_user_config

        real = lambda_backends[account_id][region]
        if default_user_config.get("lambda", {}).get("use_docker", True) is False:
            from moto.awslambda_simple.models import lambda_simple_backends

            simple = lambda_simple_backends[account_id][region]
            if simple.__dict__ is not real.__dict__:
                simple.__dict__ = real.__dict__
            return simple
        return real

    get_backend._scalesim = True
    lambda_utils.get_backend = get_backend
    lambda_responses.get_backend = get_backend
    return True


def patch_kms_cloudformation_tags():
    """CloudFormation passes AWS::KMS::Key tags as {Key, Value}; moto 5.2.1's KMS tagger indexes
    'TagKey' and raises KeyError, so CreateStack of any stack with a tagged key fails (CDK tags every
    resource through Tags.of). No upstream issue yet: UPSTREAM.md#kms-cloudformation-tags. Remove when
    moto's Key.create_from_cloudformation_json converts the tags (check: deploy a stack with a tagged
    AWS::KMS::Key without this patch)."""
    import moto.kms.models as kms_models

    original = kms_models.KmsBackend.tag_resource
    # Written for 5.2.1, where create_key tags through self.tag_resource(key_id, [{TagKey, TagValue}]);
    # later versions call the tagger directly and take a dict here: leave those alone.
    if getattr(original, "_scalesim", False) or "tag_resource" not in kms_models.KmsBackend.create_key.__code__.co_names:
        return False

    def tag_resource(self, key_id, tags):
        normalised = [
            {"TagKey": t.get("TagKey", t.get("Key")), "TagValue": t.get("TagValue", t.get("Value"))}
            for t in (tags or [])
        ]
        return original(self, key_id, normalised)

    tag_resource._scalesim = True
    kms_models.KmsBackend.tag_resource = tag_resource
    return True


def patch_lambda_logging_config():
    """moto 5.2.1 drops a function's `LoggingConfig` (API and CloudFormation) and CloudFormation's `Architectures`.

    The gateway writes START/END/REPORT lines to `LoggingConfig.LogGroup` when set, as AWS does (CDK's
    `logGroup` prop sets it), so moto must keep it; GetFunction then returns it like AWS, with the default
    `/aws/lambda/<name>` when unset. CloudFormation's `AWS::Lambda::Function` also loses `Architectures`
    (arm64 is priced differently). No upstream issue yet: UPSTREAM.md#lambda-logging-config. Remove when
    moto stores and returns `LoggingConfig` (grep its
    awslambda/models.py) and its `create_from_cloudformation_json` passes `Architectures`.
    """
    from moto.awslambda.models import LambdaFunction

    if getattr(LambdaFunction.get_configuration, "_scalesim", False) or "LoggingConfig" in (
        LambdaFunction.update_configuration.__code__.co_consts
    ):
        return False
    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration
    original_cfn = LambdaFunction.create_from_cloudformation_json.__func__

    def __init__(self, account_id, spec, region, version=1):
        original_init(self, account_id, spec, region, version)
        self._scalesim_logging = spec.get("LoggingConfig")

    def get_configuration(self, on_create=False):
        config = original_get(self, on_create)
        logging_config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.function_name}"}
        logging_config.update(getattr(self, "_scalesim_logging", None) or {})
        config["LoggingConfig"] = logging_config
        return config

    def update_configuration(self, config_updates):
        if "LoggingConfig" in config_updates:
            self._scalesim_logging = config_updates["LoggingConfig"]
        return original_update(self, config_updates)

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        fn = original_cfn(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
        properties = cloudformation_json["Properties"]
        if properties.get("LoggingConfig"):
            fn._scalesim_logging = properties["LoggingConfig"]
        if properties.get("Architectures"):
            fn.architectures = properties["Architectures"]
        return fn

    get_configuration._scalesim = True
    LambdaFunction.__init__ = __init__
    LambdaFunction.get_configuration = get_configuration
    LambdaFunction.update_configuration = update_configuration
    LambdaFunction.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
    return True


def patch_eni_private_dns_name():
    """ECS RunTask (awsvpc) fails with HTTP 500 when the subnet's VPC has DNS hostnames off.

    moto 5.2.1 `ecs/models.py Task.__init__` reads `eni.private_dns_name`, which
    `ec2/models/elastic_network_interfaces.py NetworkInterface.__init__` only sets when the VPC has
    `enable_dns_hostnames` (AWS::EC2::VPC defaults it to false; CDK's Vpc turns it on). AWS reports no
    private DNS name then; a class-level None does the same. Upstream: moto#9179 (and moto#9089), closed
    without a code change. Remove when moto initialises the attribute.
    """
    from moto.ec2.models.elastic_network_interfaces import NetworkInterface

    if "private_dns_name" in NetworkInterface.__dict__:
        return False
    NetworkInterface.private_dns_name = None
    return True


def patch_sfn_boto_client_cache():
    """moto's SFN engine builds a new boto3 client for every Task it runs (~17 ms of CPU each here).

    `stepfunctions/parser/asl/utils/boto_client.py boto_client_for` calls `boto3.client(...)` per state,
    which dominated the emulator's per-invocation overhead (bench/emulator-overhead.ts: Map iteration span
    26 ms -> see bench/RESULTS.md). Clients are thread-safe once built, and every client it builds is
    identical for a (region, service) pair (fixed fake credentials, endpoint from MOTO_PORT), so they are
    cached. A performance patch, not a behaviour change (UPSTREAM.md#sfn-boto-client-cache); remove if
    moto starts caching its clients.
    """
    import importlib
    import threading

    import boto3
    from botocore.config import Config

    from moto.settings import moto_server_port
    from moto.stepfunctions.parser.asl.component.common.timeouts.timeout import TimeoutSeconds
    from moto.stepfunctions.parser.asl.utils import boto_client as module

    original = module.boto_client_for
    if getattr(original, "_scalesim", False):
        return False
    cache = {}
    lock = threading.Lock()

    def boto_client_for(region, service, state_credentials=None):
        from moto.core.models import botocore_stubber

        if botocore_stubber.enabled:
            return original(region, service, state_credentials)
        key = (region, service, moto_server_port())
        client = cache.get(key)
        if client is None:
            with lock:
                client = cache.get(key)
                if client is None:
                    client = boto3.session.Session().client(
                        aws_access_key_id="ak",
                        region_name=region,
                        service_name=service,
                        aws_secret_access_key="sk",
                        endpoint_url=f"http://localhost:{moto_server_port()}",
                        config=Config(
                            parameter_validation=False,
                            retries={"max_attempts": 0, "total_max_attempts": 1},
                            connect_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                            read_timeout=TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS,
                            # Map states call from many threads at once.
                            max_pool_connections=128,
                        ),
                    )
                    cache[key] = client
        return client

    boto_client_for._scalesim = True
    # Modules that imported the function by name keep their own reference: replace those too.
    importlib.import_module(
        "moto.stepfunctions.parser.asl.component.state.exec.state_task.state_task_factory"
    )
    for name, mod in list(sys.modules.items()):
        if name.startswith("moto.stepfunctions") and getattr(mod, "boto_client_for", None) is original:
            mod.boto_client_for = boto_client_for
    return True


def patch_per_request_hot_paths():
    """Two pieces of per-request work in moto 5.2.1 that are pure functions of constant input.

    - `moto/backends.py list_of_moto_modules` lists and stats moto's package directory on every HTTP
      request (`moto_server/werkzeug_app.py get_backend_for_host`);
    - the SFN engine re-parses each JSONPath (`ResultPath`, `InputPath`, ...) on every evaluation, and
      jsonpath_ng's PLY lexer re-validates its own source with `inspect.getsourcelines` each time.
    Both showed up as the top CPU samples of a Map over a Lambda (bench/RESULTS.md, Emulator). Cached;
    parsed JSONPath objects are not mutated by find/update. Performance only
    (UPSTREAM.md#per-request-hot-paths); remove if moto caches them.
    """
    import functools

    from moto import backends
    from moto.stepfunctions.parser.asl.component.common.path import result_path
    from moto.stepfunctions.parser.asl.utils import json_path

    if getattr(backends.list_of_moto_modules, "_scalesim", False):
        return False
    modules = tuple(backends.list_of_moto_modules())

    def list_of_moto_modules():
        return modules

    list_of_moto_modules._scalesim = True
    backends.list_of_moto_modules = list_of_moto_modules
    result_path.parse = functools.lru_cache(maxsize=4096)(result_path.parse)
    json_path.parse = functools.lru_cache(maxsize=4096)(json_path.parse)
    return True


def patch_sync_retry_callback():
    """A Retry of an `.sync` task (ecs:runTask.sync) fails at once with States.Timeout in moto 5.2.1.

    `_eval_integration_pattern` sets up a task-token callback endpoint for every service that supports
    `.waitForTaskToken` (ECS does), even for `.sync`, and `_eval_sync` then listens on it. The first
    attempt's `finally` interrupts that endpoint; the retry gets the same endpoint (same task token),
    its listener returns "timed out" immediately, and the state fails with States.Timeout before the
    retried task is even polled. `.sync` never waits for a task token on AWS, so the sync path must not
    listen. Seen with the single-node crash fault (a task that exits 137, then its Retry). No upstream
    issue yet: UPSTREAM.md#sfn-sync-retry-callback; remove when `_eval_sync` stops listening for tokens on `.sync` resources
    (check: a runTask.sync state with Retry whose first task exits non-zero must reach the second task).
    """
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_callback import (
        StateTaskServiceCallback,
    )

    original = StateTaskServiceCallback._eval_sync
    if getattr(original, "_scalesim", False):
        return False

    def _eval_sync(self, env, sync_resolver, timeout_seconds, callback_endpoint, heartbeat_endpoint):
        return original(self, env, sync_resolver, timeout_seconds, None, heartbeat_endpoint)

    _eval_sync._scalesim = True
    StateTaskServiceCallback._eval_sync = _eval_sync
    return True


def _code_names(code):
    """The names a function's code uses, its nested comprehensions and generators included."""
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _code_names(const)
    return names


def patch_s3_list_versions_copy():
    """S3 ListObjectVersions deep-copies every version of every key in the bucket, bodies included.

    moto 5.2.1 `s3/models.py S3Backend.list_object_versions` runs `copy.deepcopy` over all of the bucket's
    key lists (not only the prefix asked for) so that it can set `is_latest` on the copies. A FakeKey
    deep-copies through `__getstate__`, which reads the whole body and writes it to a new temporary file;
    the copies are then kept alive by `FakeKey.instances_tracked`. Listing a run's objects to delete them
    therefore copied, and leaked, every byte in the bucket. The listing only reads metadata, so a copy
    here is a view: the same attributes, sharing the original's body, untracked, and never closing the
    shared buffer. No upstream issue yet: UPSTREAM.md#s3-list-versions-copy (related: getmoto/moto#5588
    and getmoto/moto#5341, the same deepcopy failing on locks). Remove when moto's list_object_versions
    stops deep-copying keys (check: list a bucket holding a 10 MB object and watch moto's open files).
    """
    from moto.s3.models import FakeKey, S3Backend

    # Written against list_object_versions calling copy.deepcopy; leave a rewritten one alone.
    if "__deepcopy__" in FakeKey.__dict__ or "deepcopy" not in _code_names(S3Backend.list_object_versions.__code__):
        return False
    original_dispose = FakeKey.dispose

    def __deepcopy__(self, memo):
        view = object.__new__(FakeKey)  # not BaseModel.__new__: a view is not tracked
        view.__dict__.update(self.__dict__)
        view._scalesim_view = True
        memo[id(self)] = view
        return view

    def dispose(self, garbage=False):
        if self.__dict__.get("_scalesim_view"):
            return
        original_dispose(self, garbage)

    FakeKey.__deepcopy__ = __deepcopy__
    FakeKey.dispose = dispose
    return True


def patch_s3_weak_instance_tracking():
    """moto keeps every S3 object it ever created alive, deleted ones included.

    `core/common_models.py BaseModel.__new__` appends each instance to `<class>.instances_tracked`, a
    plain list that only `/moto-api/reset` empties (it feeds moto's dashboard, `/moto-api/data.json`). For
    `FakeKey` that means a deleted or overwritten object's metadata stays in memory for the life of the
    server (about 3.6 KB per object on 5.2.1), so memory grows with every object a run writes. Tracking S3 keys
    weakly keeps the dashboard and `S3Backend.reset` working for live objects and lets deleted ones be
    freed. No upstream issue yet: UPSTREAM.md#s3-weak-instance-tracking (related: getmoto/moto#5102,
    deleted keys keeping their temporary files). Remove when moto tracks model instances weakly or drops
    deleted keys from the list.
    """
    import weakref

    from moto.core.common_models import BaseModel
    from moto.s3.models import FakeKey, FakeMultipart

    class _WeakTracked(weakref.WeakSet):
        append = weakref.WeakSet.add

    # Written against BaseModel.__new__ appending to a plain list; leave other tracking alone.
    if isinstance(FakeKey.__dict__.get("instances_tracked"), weakref.WeakSet) or "instances_tracked" not in BaseModel.__new__.__code__.co_names:
        return False
    for cls in (FakeKey, FakeMultipart):
        tracked = _WeakTracked()
        for instance in cls.instances_tracked:
            tracked.add(instance)
        cls.instances_tracked = tracked
    return True


Patch = namedtuple("Patch", "name apply upstream fixed_in")
Patch.__doc__ = """A patch, where it is reported upstream, and the moto release with the upstream fix (None: none yet)."""

PATCHES = [
    Patch("moto#10077-execution-deepcopy", patch_execution_deepcopy, "getmoto/moto#10077 (fixed by getmoto/moto#10093)", "5.2.3"),
    Patch("sfn-ecs-normalisation", patch_ecs_normalisation, "getmoto/moto#10076 (fix proposed in getmoto/moto#10094)", None),
    Patch("sfn-ecs-sync-exit-code", patch_ecs_sync_failure, "UPSTREAM.md#sfn-ecs-sync-exit-code", None),
    Patch("sfn-lambda-arn-error-name", patch_lambda_arn_client_error_name, "UPSTREAM.md#sfn-lambda-arn-error-name", None),
    Patch("lambda-simple-backend-split", patch_lambda_simple_backend_split, "getmoto/moto#9852 (CloudFormation half fixed by getmoto/moto#10028)", "5.2.2"),
    Patch("kms-cloudformation-tags", patch_kms_cloudformation_tags, "UPSTREAM.md#kms-cloudformation-tags", None),
    Patch("sfn-sync-retry-callback", patch_sync_retry_callback, "UPSTREAM.md#sfn-sync-retry-callback", None),
    Patch("lambda-logging-config", patch_lambda_logging_config, "UPSTREAM.md#lambda-logging-config", None),
    Patch("ec2-eni-private-dns-name", patch_eni_private_dns_name, "getmoto/moto#9179 (also getmoto/moto#9089)", None),
    Patch("sfn-boto-client-cache", patch_sfn_boto_client_cache, "UPSTREAM.md#sfn-boto-client-cache", None),
    Patch("per-request-hot-paths", patch_per_request_hot_paths, "UPSTREAM.md#per-request-hot-paths", None),
    Patch("s3-list-versions-copy", patch_s3_list_versions_copy, "UPSTREAM.md#s3-list-versions-copy", None),
    Patch("s3-weak-instance-tracking", patch_s3_weak_instance_tracking, "UPSTREAM.md#s3-weak-instance-tracking", None),
]


def _version_tuple(version):
    """`5.2.1` -> (5, 2, 1, 1); `5.2.3.dev3` -> (5, 2, 3, 0): a pre-release sorts before its release
    (PEP 440), so a fix released in 5.2.3 is not assumed in 5.2.3.dev3."""
    release = version.split("+")[0]
    numbers = tuple(int(x) for x in re.findall(r"\d+", re.split(r"\.?(?:dev|a|b|rc)", release)[0])[:3])
    pre = re.search(r"(?:dev|a|b|rc)\d*$", release) is not None
    return numbers + (0 if pre else 1,)


def plan(version, force=False):
    """Which patches to apply on `version`: a list of (patch, apply, note or None). Pure."""
    out = []
    for p in PATCHES:
        if p.fixed_in and _version_tuple(version) >= _version_tuple(p.fixed_in):
            out.append((p, False, f"skipped: fixed upstream in moto {p.fixed_in} ({p.upstream})"))
        elif version == WRITTEN_FOR:
            out.append((p, True, None))
        elif force:
            out.append((p, True, f"applied to moto {version} although written for {WRITTEN_FOR} (SCALESIM_MOTO_PATCHES=force); upstream: {p.upstream}"))
        else:
            out.append(
                (
                    p,
                    False,
                    f"skipped: written for moto {WRITTEN_FOR}, this is moto {version}, which may have fixed it; "
                    f"check {p.upstream}, or set SCALESIM_MOTO_PATCHES=force to apply it anyway",
                )
            )
    return out


def lambda_code_app(environ, start_response):
    """GET /_scalesim/lambda-code/<account>/<region>/<function>: the function's deployment zip.

    moto's GetFunction has no fetchable `Code.Location` (a fake S3 URL, or none for ZipFile uploads),
    but the gateway must run the exact code that was deployed, so it reads the bytes moto stored.
    """
    from moto.awslambda.utils import get_backend

    parts = environ.get("PATH_INFO", "").split("/")
    # ['', '_scalesim', 'lambda-code', account, region, name]
    if len(parts) != 6:
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"expected /_scalesim/lambda-code/<account>/<region>/<function>"]
    _, _, _, account, region, name = parts
    try:
        # The backend the Lambda API uses (the simple one with lambda.use_docker false).
        fn = get_backend(account, region).get_function(name)
    except Exception as e:  # moto raises its own not-found types
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [str(e).encode("utf-8")]
    body = getattr(fn, "code_bytes", b"") or b""
    start_response(
        "200 OK",
        [
            ("Content-Type", "application/zip"),
            ("Content-Length", str(len(body))),
            ("X-Scalesim-Code-Sha256", getattr(fn, "code_sha_256", "")),
        ],
    )
    return [body]


def _check_s3_key_buffer():
    """moto-process.ts sets MOTO_S3_DEFAULT_KEY_BUFFER_SIZE so that S3 bodies above it live on disk
    (a moto setting since getmoto/moto#4001, not a patch). Says so when this moto does not honour it,
    because then every body stays in memory up to moto's own default."""
    wanted = os.environ.get("MOTO_S3_DEFAULT_KEY_BUFFER_SIZE")
    if not wanted:
        return
    try:
        from moto.s3 import models as s3_models

        got = s3_models.get_s3_default_key_buffer_size()
    except (ImportError, AttributeError, ValueError) as e:
        got = f"unknown: {e}"
    if str(got) != wanted:
        _log(
            f"SCALESIM_MOTO_NOTE s3-key-buffer MOTO_S3_DEFAULT_KEY_BUFFER_SIZE={wanted} is not honoured by moto "
            f"{__import__('moto').__version__} (its buffer size: {got}); S3 bodies below that stay in memory"
        )


def _raise_open_file_limit():
    """Every S3 object above MOTO_S3_DEFAULT_KEY_BUFFER_SIZE (set by moto-process.ts) is an open temporary
    file in moto, so a large run holds thousands of them; the usual soft limit of 1024 descriptors would
    fail it with EMFILE. The soft limit is raised to the hard limit, as any server that holds files does."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else 1 << 20
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError) as e:
            _log(f"launcher.py: could not raise the open-file limit from {soft}: {e}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    if "MOTO_PORT" not in os.environ:
        _log("launcher.py: MOTO_PORT must be set to the gateway port")
        sys.exit(2)

    import moto

    force = os.environ.get("SCALESIM_MOTO_PATCHES") == "force"
    for p, apply, note in plan(moto.__version__, force):
        applied = p.apply() if apply else False
        _log(f"SCALESIM_MOTO_PATCH name={p.name} applied={str(applied).lower()}")
        if note:
            _log(f"SCALESIM_MOTO_NOTE {p.name} {note}")
    _check_s3_key_buffer()
    _raise_open_file_limit()
    if os.environ.get("SCALESIM_MOTO_PROFILE"):
        # A diagnostic: where moto's time goes (see sampling_profiler.py).
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import sampling_profiler

        sampling_profiler.start(os.environ["SCALESIM_MOTO_PROFILE"])

    from werkzeug.serving import make_server

    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    moto_app = DomainDispatcherApplication(create_backend_app)

    def app(environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/_scalesim/lambda-code/"):
            return lambda_code_app(environ, start_response)
        return moto_app(environ, start_response)

    server = make_server(args.host, 0, app, threaded=True)
    # One access-log line per request costs CPU on a 2-core machine and nobody reads it.
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    def _watch_parent():
        # The parent holds our stdin open; EOF means it is gone (even SIGKILLed), and so must we be,
        # or moto would outlive scalesim as an orphan.
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)

    import threading

    threading.Thread(target=_watch_parent, daemon=True).start()

    def _stop(signum, frame):
        # Exit at once: moto's executions run in daemon threads, and the caller kills the whole
        # process group anyway.
        os._exit(0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    sys.stdout.write(f"SCALESIM_MOTO_READY port={server.server_port}\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
