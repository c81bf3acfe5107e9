"""Config discovery upward from the checked file: .fzlint.yaml and [tool.fzlint]."""

from util import cli_json, run_cli, seed_text


def rules_in(data):
    return sorted({f["rule"] for f in data["files"][0]["findings"]})


def setup_tree(tmp_path, config_name, config_text):
    sub = tmp_path / "drafts" / "2024"
    sub.mkdir(parents=True)
    (tmp_path / config_name).write_text(config_text, encoding="utf-8")
    draft = sub / "zase.txt"
    draft.write_text(seed_text("002"), encoding="utf-8")
    return draft


def test_fzlint_yaml_found_upward(tmp_path):
    draft = setup_tree(tmp_path, ".fzlint.yaml",
                       "select: [structure]\nignore: [FZ106]\nseverity: {FZ111: info}\n")
    data = cli_json(draft)
    assert rules_in(data) == ["FZ111", "FZ112"]
    sev = {f["rule"]: f["severity"] for f in data["files"][0]["findings"]}
    assert sev == {"FZ111": "info", "FZ112": "warning"}


def test_pyproject_tool_section(tmp_path):
    draft = setup_tree(tmp_path, "pyproject.toml",
                       '[project]\nname = "x"\n\n[tool.fzlint]\nselect = ["numbering"]\nfail-on = "never"\n')
    data = cli_json(draft)
    assert rules_in(data) == ["FZ201"]
    assert run_cli("check", draft).returncode == 0        # fail-on never from the config
    assert run_cli("check", draft, "--fail-on", "error").returncode == 1  # option wins


def test_per_path_ignores_and_config_packs(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "x.yaml").write_text(
        "pack: x\nrules:\n  - id: XC101\n    kind: required-section\n    category: structure\n"
        "    severity: warning\n    heading: [督察整改]\n    message: 缺少督察整改情况\n", encoding="utf-8")
    draft = setup_tree(tmp_path, ".fzlint.yaml",
                       "rules: [packs/]\nselect: [XC, FZ2]\nper-path-ignores:\n  'drafts/2024/*': [FZ201]\n")
    assert rules_in(cli_json(draft)) == ["XC101"]


def test_no_config_and_explicit_config(tmp_path):
    draft = setup_tree(tmp_path, ".fzlint.yaml", "select: [FZ201]\n")
    assert rules_in(cli_json(draft)) == ["FZ201"]
    assert len(rules_in(cli_json(draft, "--no-config"))) > 1
    other = tmp_path / "other.yaml"
    other.write_text("select: [FZ112]\n", encoding="utf-8")
    assert rules_in(cli_json(draft, "--config", other)) == ["FZ112"]


def test_broken_config_exits_2_one_line(tmp_path):
    draft = setup_tree(tmp_path, ".fzlint.yaml", "selct: [FZ1]\n")
    proc = run_cli("check", draft)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "selct" in proc.stderr
    (tmp_path / ".fzlint.yaml").write_text("select: [unclosed\n", encoding="utf-8")
    proc = run_cli("check", draft)
    assert proc.returncode == 2 and "YAML" in proc.stderr and "Traceback" not in proc.stderr
