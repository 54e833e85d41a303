"""Structural rules of infra/terraform, read with python-hcl2 (no AWS calls, no plan):
no public database, encryption everywhere, buckets blocked, no wildcard IAM actions, session
pooling only, and the way in (wildcard certificate and DNS, WAF). Then `terraform fmt -check`
and `terraform validate` where the terraform binary is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.infra.terraform import TERRAFORM, blocks, by_reference, load, resources, tfvars

ENVIRONMENTS = ("staging", "production")


def _module(name: str) -> dict:
    return next(b.body for b in blocks("module") if b.name == name)


def _variable(name: str, file: str = "variables.tf") -> dict:
    return next(
        b.body
        for b in blocks("variable")
        if b.name == name and b.file.relative_to(TERRAFORM).as_posix() == file
    )


def test_the_region_is_stockholm_and_both_environments_set_the_same_variables():
    region = _variable("region")
    assert region["default"] == "eu-north-1"
    assert 'var.region == "eu-north-1"' in region["validation"][0]["condition"]
    staging, production = (set(tfvars(env)) for env in ENVIRONMENTS)
    assert staging - {"single_nat_gateway"} == production
    required = {
        b.name
        for b in blocks("variable")
        if b.file.name == "variables.tf" and "default" not in b.body
    }
    assert {"environment", "base_domain", "image", "pgbouncer_image"} <= required
    assert required <= production, "every variable without a default is set per environment"


def test_no_database_is_public_and_it_is_encrypted_and_backed_up():
    assert not resources("aws_rds_cluster"), (
        "one RDS instance (a cluster would need the same rules)"
    )
    (db,) = resources("aws_db_instance")
    body = db.body
    assert body["publicly_accessible"] is False
    assert body["storage_encrypted"] is True
    assert body["kms_key_id"] == "${var.kms_key_arn}"
    assert body["performance_insights_kms_key_id"] == "${var.kms_key_arn}"
    assert body["skip_final_snapshot"] is False
    assert body["delete_automated_backups"] is False
    # Isolated data subnets without a route out, reachable only from the tasks.
    module = _module("database")
    assert module["subnet_ids"] == "${module.network.data_subnet_ids}"
    data_routes = by_reference("aws_route_table")["data"]
    assert "route" not in data_routes.body
    ingress = [
        r.body
        for r in resources("aws_vpc_security_group_ingress_rule")
        if r.body["security_group_id"] == "${aws_security_group.database.id}"
    ]
    assert [r["referenced_security_group_id"] for r in ingress] == ["${aws_security_group.app.id}"]
    # Multi-AZ and point-in-time recovery in both environments; production keeps 35 days.
    for env in ENVIRONMENTS:
        values = tfvars(env)
        assert values["db_multi_az"] is True
        assert values["db_backup_retention_days"] >= 7
    assert tfvars("production")["db_backup_retention_days"] == 35
    assert _variable("db_deletion_protection")["default"] is True
    parameters = {
        p["name"]: p["value"]
        for p in by_reference("aws_db_parameter_group")["this"].blocks("parameter")
    }
    assert parameters["rds.force_ssl"] == "1"


def test_connection_pooling_is_session_mode_only():
    assert not resources("aws_db_proxy"), "RDS Proxy multiplexes connections (docs/deploy.md)"
    ecs = (TERRAFORM / "modules" / "ecs" / "main.tf").read_text()
    assert re.search(r'name = "POOL_MODE", value = var\.pgbouncer_pool_mode', ecs)
    assert (
        'DATABASE_URL        = "postgres://valmo:'
        in (TERRAFORM / "modules" / "secrets" / "main.tf").read_text()
    )
    assert "@127.0.0.1:6432/valmo" in (TERRAFORM / "modules/secrets/main.tf").read_text()
    mode = _variable("pgbouncer_pool_mode", "modules/ecs/main.tf")
    assert mode["default"] == "session"
    assert mode["validation"][0]["condition"] == '${var.pgbouncer_pool_mode == "session"}'


def test_encryption_everywhere():
    for key in resources("aws_kms_key"):
        assert key.body["enable_key_rotation"] is True
    for group in resources("aws_cloudwatch_log_group"):
        assert group.body.get("kms_key_id"), group.address
    for secret in resources("aws_secretsmanager_secret"):
        assert secret.body.get("kms_key_id"), secret.address
    for topic in resources("aws_sns_topic"):
        assert topic.body.get("kms_master_key_id"), topic.address
    for repo in resources("aws_ecr_repository"):
        (config,) = repo.blocks("encryption_configuration")
        assert config["encryption_type"] == "KMS"
        assert repo.body["image_tag_mutability"] == "IMMUTABLE"
    (redis,) = resources("aws_elasticache_replication_group")
    assert redis.body["at_rest_encryption_enabled"] is True
    assert redis.body["transit_encryption_enabled"] is True
    assert redis.body["kms_key_id"]
    assert redis.body["automatic_failover_enabled"] is True
    encryption = {
        b.body["bucket"]: b.blocks("rule")[0]["apply_server_side_encryption_by_default"][0]
        for b in resources("aws_s3_bucket_server_side_encryption_configuration")
    }
    assert set(encryption) == {
        f"${{aws_s3_bucket.{b.name}.id}}" for b in resources("aws_s3_bucket")
    }
    assert encryption["${aws_s3_bucket.files.id}"]["sse_algorithm"] == "aws:kms"
    assert encryption["${aws_s3_bucket.files.id}"]["kms_master_key_id"] == "${var.kms_key_arn}"
    # The application asks for the same key on every object it writes.
    ecs = (TERRAFORM / "modules" / "ecs" / "main.tf").read_text()
    assert '{ name = "AWS_S3_KMS_KEY_ID", value = var.kms_key_arn }' in ecs
    https = by_reference("aws_lb_listener")["https"].body
    assert https["protocol"] == "HTTPS"
    assert https["ssl_policy"].startswith("ELBSecurityPolicy-TLS13")


@pytest.mark.parametrize("setting", ["public_access_block", "ownership", "versioning", "tls_only"])
def test_every_bucket_is_private_versioned_and_tls_only(setting):
    buckets = {f"${{aws_s3_bucket.{b.name}.id}}" for b in resources("aws_s3_bucket")}
    assert buckets == {"${aws_s3_bucket.files.id}", "${aws_s3_bucket.logs.id}"}
    if setting == "public_access_block":
        blocked = {
            b.body["bucket"]
            for b in resources("aws_s3_bucket_public_access_block")
            if all(
                b.body[flag] is True
                for flag in (
                    "block_public_acls",
                    "block_public_policy",
                    "ignore_public_acls",
                    "restrict_public_buckets",
                )
            )
        }
        assert blocked == buckets
    elif setting == "ownership":
        enforced = {
            b.body["bucket"]
            for b in resources("aws_s3_bucket_ownership_controls")
            if b.blocks("rule")[0]["object_ownership"] == "BucketOwnerEnforced"
        }
        assert enforced == buckets
    elif setting == "versioning":
        versioned = {
            b.body["bucket"]
            for b in resources("aws_s3_bucket_versioning")
            if b.blocks("versioning_configuration")[0]["status"] == "Enabled"
        }
        assert versioned == buckets
    else:
        denied = set()
        for policy in resources("aws_s3_bucket_policy"):
            document = next(
                d
                for d in blocks("data", "aws_iam_policy_document")
                if policy.body["policy"] == f"${{data.aws_iam_policy_document.{d.name}.json}}"
                and d.file == policy.file
            )
            for statement in document.blocks("statement"):
                condition = statement.get("condition", [{}])[0]
                if statement.get("effect") == "Deny" and condition.get("values") == ["false"]:
                    assert condition["variable"] == "aws:SecureTransport"
                    denied.add(policy.body["bucket"])
        assert denied == buckets


def test_the_files_lifecycle_follows_the_retention_rules():
    """The bucket never expires current files (the retention job decides per record, 6 or 10
    years after a period closes); deleted or replaced versions go after the backup window."""
    rules = {
        rule["id"]: rule
        for rule in by_reference("aws_s3_bucket_lifecycle_configuration")["files"].blocks("rule")
    }
    for rule in rules.values():
        for expiration in rule.get("expiration", []):
            assert "days" not in expiration, "no expiry of current files by age"
    erasure = rules["erasure-completes-within-the-backup-window"]
    assert erasure["noncurrent_version_expiration"][0]["noncurrent_days"] == (
        "${var.noncurrent_version_days}"
    )
    for env in ENVIRONMENTS:
        values = tfvars(env)
        assert values["noncurrent_version_days"] == values["db_backup_retention_days"]


def _statements():
    for document in blocks("data", "aws_iam_policy_document"):
        for statement in document.blocks("statement"):
            yield document, statement


def test_no_wildcard_iam_actions_and_named_resources():
    count = 0
    for document, statement in _statements():
        count += 1
        assert "not_actions" not in statement, document.address
        actions = statement.get("actions", [])
        assert actions, document.address
        for action in actions:
            assert "*" not in action, f"{document.address}: {action}"
            assert re.fullmatch(r"[a-z0-9-]+:[A-Za-z0-9]+", action), action
        if statement.get("resources") == ["*"]:
            # Only in the key policy (where "*" is the key itself) and for ECR's login.
            assert document.name == "key" or actions == ["ecr:GetAuthorizationToken"], (
                document.address
            )
    assert count >= 10
    attached = {r.body["policy_arn"] for r in resources("aws_iam_role_policy_attachment")}
    assert attached == {"arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}
    assert not resources("aws_iam_user"), "no long-lived access keys"


def test_only_the_load_balancer_is_open_to_the_internet():
    open_rules = [
        r.body
        for r in resources("aws_vpc_security_group_ingress_rule")
        if r.body.get("cidr_ipv4") == "0.0.0.0/0"
    ]
    assert {(r["security_group_id"], r["from_port"]) for r in open_rules} == {
        ("${aws_security_group.alb.id}", 443),
        ("${aws_security_group.alb.id}", 80),
    }
    http = by_reference("aws_lb_listener")["http"].body
    assert http["default_action"][0]["type"] == "redirect"
    for service in resources("aws_ecs_service"):
        network = service.blocks("network_configuration")[0]
        assert network["assign_public_ip"] is False
        assert network["subnets"] == "${var.private_subnet_ids}"
    assert _module("ecs")["private_subnet_ids"] == "${module.network.private_subnet_ids}"
    alb = by_reference("aws_lb")["this"].body
    assert alb["drop_invalid_header_fields"] is True
    assert alb["access_logs"][0]["enabled"] is True


def test_municipality_subdomains_have_a_certificate_and_a_record_and_waf_in_front():
    (certificate,) = resources("aws_acm_certificate")
    assert certificate.body["domain_name"] == "${var.base_domain}"
    assert certificate.body["subject_alternative_names"] == ["*.${var.base_domain}"]
    records = by_reference("aws_route53_record")
    assert records["municipalities"].body["name"] == "*.${var.base_domain}"
    assert records["municipalities"].body["alias"][0]["name"] == "${aws_lb.this.dns_name}"
    (association,) = resources("aws_wafv2_web_acl_association")
    assert association.body["resource_arn"] == "${aws_lb.this.arn}"
    (acl,) = resources("aws_wafv2_web_acl")
    groups = {
        rule["statement"][0]["managed_rule_group_statement"][0]["name"]
        for rule in acl.blocks("rule")
        if "managed_rule_group_statement" in rule["statement"][0]
    }
    assert {"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"} <= groups
    assert any("rate_based_statement" in rule["statement"][0] for rule in acl.blocks("rule"))
    assert resources("aws_wafv2_web_acl_logging_configuration")


def test_the_processes_and_the_health_checks_match_the_image():
    from valmo import wsgi

    target = by_reference("aws_lb_target_group")["web"].body
    assert target["health_check"][0]["path"] == wsgi.LIVENESS_PATH
    ecs = (TERRAFORM / "modules" / "ecs" / "main.tf").read_text()
    for command in (
        '"gunicorn", "--config", "/app/infra/docker/gunicorn.conf.py", "valmo.wsgi:application"',
        '"celery", "-A", "valmo", "worker"',
        '"celery", "-A", "valmo", "beat"',
        '"python", "manage.py", "valmo_release", "--no-static"',
    ):
        assert command in ecs
    assert ecs.count("readonlyRootFilesystem = true") == 2
    assert 'user                   = "10001:10001"' in ecs
    assert "uid 10001" in (TERRAFORM.parents[1] / "Dockerfile").read_text()
    beat = by_reference("aws_ecs_service")["beat"].body
    assert beat["desired_count"] == 1
    assert beat["deployment_maximum_percent"] == 100, "never two beats at once"
    alarms = load(TERRAFORM / "modules" / "observability" / "main.tf")["locals"][0]["alarms"]
    assert {"alb-5xx", "db-free-storage", "worker-not-running", "beat-not-running"} <= set(alarms)


TERRAFORM_BIN = shutil.which("terraform")


@pytest.mark.skipif(TERRAFORM_BIN is None, reason="the terraform binary is not installed")
def test_terraform_fmt_and_validate(tmp_path):
    """fmt on the files as committed; init (no backend) and validate on a copy, so no
    .terraform directory is left in the tree. A local provider mirror is used when the
    machine has one (TF_PLUGIN_DIR, default /opt/tf-plugins), else the registry."""
    env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
    fmt = subprocess.run(
        [TERRAFORM_BIN, "fmt", "-check", "-recursive", "-diff", str(TERRAFORM)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    work = tmp_path / "terraform"
    shutil.copytree(TERRAFORM, work, ignore=shutil.ignore_patterns(".terraform"))
    init = [TERRAFORM_BIN, "init", "-backend=false", "-input=false", "-no-color"]
    plugins = Path(env.get("TF_PLUGIN_DIR", "/opt/tf-plugins"))
    if plugins.is_dir():
        init.append(f"-plugin-dir={plugins}")
    result = subprocess.run(
        init, cwd=work, capture_output=True, text=True, env=env, check=False, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [TERRAFORM_BIN, "validate", "-no-color"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The configuration is valid." in result.stdout
