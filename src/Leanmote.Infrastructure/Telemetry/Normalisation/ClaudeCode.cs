using System.Text.Json;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>A metric point's Claude Code fact (otel.md §7.4), minus the quantity (the point's increment).</summary>
internal sealed record ClaudeMetricFact(
    string FactType, string? SessionId, IdentityRef? Identity, string? Model, string? TokenType, string? ToolName,
    string? Decision, string? DecisionSource, string? Language, string? QuerySource, string? AgentName, string? SkillName,
    string? PluginName, string? McpServerName, string? StartType);

/// <summary>One Claude Code event (ai_events).</summary>
internal sealed class AiEventRow
{
    public required string SessionId { get; init; }
    public required string EventName { get; init; }
    public required long EventSequence { get; init; }
    public required long TimeUnixNano { get; init; }
    public required DateTime OccurredAt { get; init; }
    public IdentityRef? Identity { get; init; }
    public string? PromptId { get; init; }
    public int? PromptLength { get; init; }
    public string? CommandName { get; init; }
    public string? CommandSource { get; init; }
    public string? Model { get; init; }
    public decimal? CostUsd { get; init; }
    public decimal? DurationMs { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheCreationTokens { get; init; }
    public string? RequestId { get; init; }
    public string? Speed { get; init; }
    public string? Effort { get; init; }
    public string? QuerySource { get; init; }
    public string? Error { get; init; }
    public string? StatusCode { get; init; }
    public int? Attempt { get; init; }
    public string? ToolName { get; init; }
    public string? ToolUseId { get; init; }
    public string? Decision { get; init; }
    public string? DecisionSource { get; init; }
    public bool? Success { get; init; }
    public string? ErrorType { get; init; }
    public long? ResultSizeBytes { get; init; }
    public string? GitCommitId { get; init; }
    public required string AttributesJson { get; init; }
}

internal static class ClaudeCode
{
    public const string Source = "claude_code";

    /// <summary>Content attributes: opt-in on the client, may hold code or secrets; never copied (§7.4).</summary>
    public static readonly IReadOnlySet<string> ContentAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "prompt", "response", "body", "tool_input", "tool_parameters", "user_system_prompt",
    };

    private static readonly HashSet<string> EditTools = new(StringComparer.Ordinal) { "Edit", "Write", "NotebookEdit", "MultiEdit" };

    public static bool Recognise(Attributes resource, string scopeName) =>
        resource.Text("service.name") == "claude-code" || scopeName.StartsWith("com.anthropic.claude_code", StringComparison.Ordinal);

    /// <summary>The event name (§7.4 order): LogRecord.event_name, else a "claude_code." body, else "claude_code." + event.name.</summary>
    public static string? EventName(string? recordEventName, object? body, Attributes attributes)
    {
        if (!string.IsNullOrEmpty(recordEventName)) return recordEventName;
        if (body is string s && s.StartsWith("claude_code.", StringComparison.Ordinal)) return s;
        return attributes.NonEmpty("event.name") is { } name
            ? name.StartsWith("claude_code.", StringComparison.Ordinal) ? name : "claude_code." + name
            : null;
    }

    /// <summary>Automatic (config/hook), a person accepting, or a person rejecting; null when unknown.</summary>
    public static string? DecisionKind(string? decision, string? source) => source switch
    {
        "config" or "hook" => "auto",
        "user_permanent" or "user_temporary" => "user_accept",
        "user_reject" or "user_abort" => "user_reject",
        _ => decision switch
        {
            "accept" when source is null => "user_accept",
            "reject" when source is null => "user_reject",
            _ => null,
        },
    };

    public static bool IsEditTool(string? tool) => tool is not null && EditTools.Contains(tool);

    /// <summary>Maps a metric point to its fact type, or null for metrics that yield none.</summary>
    public static ClaudeMetricFact? MetricFact(string metricName, Attributes point, Attributes resource, IdentityRef? identity)
    {
        string? type = point.NonEmpty("type");
        string? factType = metricName switch
        {
            "claude_code.session.count" => "session_started",
            "claude_code.token.usage" => type switch
            {
                "input" => "tokens_input",
                "output" => "tokens_output",
                "cacheRead" => "tokens_cache_read",
                "cacheCreation" => "tokens_cache_creation",
                _ => null,
            },
            "claude_code.cost.usage" => "cost_usd",
            "claude_code.lines_of_code.count" => type switch { "added" => "lines_added", "removed" => "lines_removed", _ => null },
            "claude_code.commit.count" => "commits",
            "claude_code.pull_request.count" => "pull_requests",
            "claude_code.code_edit_tool.decision" => "edit_decision",
            "claude_code.active_time.total" => type switch { "user" => "active_seconds_user", "cli" => "active_seconds_cli", _ => null },
            _ => null,
        };
        if (factType is null) return null;
        return new ClaudeMetricFact(
            factType,
            point.NonEmpty("session.id") ?? resource.NonEmpty("session.id"),
            identity,
            point.NonEmpty("model"),
            metricName == "claude_code.token.usage" ? type : null,
            point.NonEmpty("tool_name") ?? point.NonEmpty("tool"),
            point.NonEmpty("decision"),
            point.NonEmpty("source"),
            point.NonEmpty("language"),
            point.NonEmpty("query_source"),
            point.NonEmpty("agent.name"),
            point.NonEmpty("skill.name"),
            point.NonEmpty("plugin.name"),
            point.NonEmpty("mcp_server.name"),
            point.NonEmpty("start_type"));
    }

    public static AiEventRow Event(string eventName, long timeUnixNano, DateTime occurredAt, Attributes a, string attributesJson, IdentityRef? identity,
        string? sessionId)
    {
        var isToolDecision = eventName == "claude_code.tool_decision";
        return new AiEventRow
        {
            SessionId = sessionId ?? "",
            EventName = eventName,
            EventSequence = a.Long("event.sequence") ?? -1,
            TimeUnixNano = timeUnixNano,
            OccurredAt = occurredAt,
            Identity = identity,
            PromptId = a.NonEmpty("prompt.id"),
            PromptLength = (int?)a.Long("prompt_length"),
            CommandName = a.NonEmpty("command_name"),
            CommandSource = a.NonEmpty("command_source"),
            Model = a.NonEmpty("model"),
            CostUsd = a.Decimal("cost_usd"),
            DurationMs = a.Decimal("duration_ms"),
            InputTokens = a.Long("input_tokens"),
            OutputTokens = a.Long("output_tokens"),
            CacheReadTokens = a.Long("cache_read_tokens"),
            CacheCreationTokens = a.Long("cache_creation_tokens"),
            RequestId = a.NonEmpty("request_id"),
            Speed = a.NonEmpty("speed"),
            Effort = a.NonEmpty("effort"),
            QuerySource = a.NonEmpty("query_source"),
            Error = a.NonEmpty("error") is { } error ? Attributes.Truncate(error, 1024) : null,
            StatusCode = a.NonEmpty("status_code"),
            Attempt = (int?)a.Long("attempt"),
            ToolName = a.NonEmpty("tool_name"),
            ToolUseId = a.NonEmpty("tool_use_id"),
            Decision = a.NonEmpty("decision"),
            DecisionSource = isToolDecision ? a.NonEmpty("source") ?? a.NonEmpty("decision_source") : a.NonEmpty("decision_source"),
            Success = a.Bool("success"),
            ErrorType = a.NonEmpty("error_type"),
            ResultSizeBytes = a.Long("tool_result_size_bytes") ?? a.Long("result_size_bytes"),
            GitCommitId = eventName == "claude_code.tool_result" ? GitCommitId(a) : null,
            AttributesJson = attributesJson,
        };
    }

    /// <summary><c>git_commit_id</c> from the <c>tool_parameters</c> JSON text, when present and well-formed.</summary>
    private static string? GitCommitId(Attributes a)
    {
        if (a.NonEmpty("git_commit_id") is { } direct) return direct;
        if (a.Text("tool_parameters") is not { Length: > 0 } json) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("git_commit_id", out var id) && id.ValueKind == JsonValueKind.String
                   && id.GetString() is { Length: >= 7 and <= 64 } sha && sha.All(char.IsAsciiHexDigit)
                ? sha.ToLowerInvariant()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
