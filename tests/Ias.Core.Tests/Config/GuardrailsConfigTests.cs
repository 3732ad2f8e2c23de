using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class GuardrailsConfigTests
{
    [Fact]
    public void Input_guardrails_are_on_by_default_and_refuse_at_0_7()
    {
        var config = Parse("").Config;

        Assert.Equal(new GuardrailsConfig(Enabled: true, PiiFilter: true, InjectionDetection: true, InjectionThreshold: 0.7), config.Guardrails);
    }

    [Fact]
    public void Guardrails_input_sets_each_check_and_the_threshold()
    {
        var result = Parse("""
            guardrails:
              input:
                enabled: false
                pii_filter:
                  enabled: no
                injection_detection:
                  enabled: off
                  threshold: 0.85
            """);

        Assert.Equal(new GuardrailsConfig(false, false, false, 0.85), result.Config.Guardrails);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void The_keys_of_loas_own_guardrail_scripts_are_passed_over_without_a_warning()
    {
        var result = Parse("""
            guardrails:
              input:
                enabled: true
                pii_filter:
                  mode: blocking
                  patterns: { emails: true, file_paths: anonymize }
                injection_detection:
                  mode: blocking
                  threshold: 0.6
                  patterns: [instruction_override, role_confusion]
                relevance_check: { enabled: false }
              danger_level:
                enforce: true
              logging:
                directory: grimoires/loa/a2a/trajectory
            """);

        Assert.Empty(result.Warnings);
        Assert.Equal(GuardrailsConfig.Defaults with { InjectionThreshold = 0.6 }, result.Config.Guardrails);
    }

    [Theory]
    [InlineData("guardrails:\n  input:\n    enabled: sometimes\n", "config .loa.config.yaml:3:14: guardrails.input.enabled must be true or false (got \"sometimes\")")]
    [InlineData("guardrails:\n  input:\n    pii_filter:\n      enabled: [yes]\n", "config .loa.config.yaml:4:16: guardrails.input.pii_filter.enabled must be true or false (got a list)")]
    [InlineData("guardrails:\n  input:\n    injection_detection:\n      threshold: 0\n", "config .loa.config.yaml:4:18: guardrails.input.injection_detection.threshold must be a number greater than 0 and at most 1 (got \"0\")")]
    [InlineData("guardrails:\n  input:\n    injection_detection:\n      threshold: 70\n", "config .loa.config.yaml:4:18: guardrails.input.injection_detection.threshold must be a number greater than 0 and at most 1 (got \"70\")")]
    [InlineData("guardrails:\n  input:\n    injection_detection:\n      threshold: high\n", "config .loa.config.yaml:4:18: guardrails.input.injection_detection.threshold must be a number greater than 0 and at most 1 (got \"high\")")]
    [InlineData("guardrails:\n  input: true\n", "config .loa.config.yaml:2:10: guardrails.input must be a mapping of keys (got \"true\")")]
    public void A_known_guardrails_key_of_the_wrong_type_fails_at_its_line_and_column(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(yaml));

        Assert.Equal(expected, e.Message);
    }

    private static ConfigResult Parse(string yaml) => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);
}
