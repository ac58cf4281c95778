namespace AgentFlow.Core.Model;

/// <summary>What a guard check looks for. The JSON spelling is the lower-case name (<c>injection</c>, <c>pii</c>, ...).</summary>
public enum GuardCheckKind
{
    /// <summary>Prompt-injection attempts, by the built-in rule set.</summary>
    Injection,

    /// <summary>Personal data: e-mail addresses, phone numbers, card numbers (Luhn), IBANs (mod 97), configured patterns.</summary>
    Pii,

    /// <summary>The text must be JSON matching a JSON Schema.</summary>
    Schema,

    /// <summary>The text must (or must not) match a regular expression.</summary>
    Regex,

    /// <summary>The text's length must lie between <c>min</c> and <c>max</c> characters.</summary>
    Length,

    /// <summary>The text must contain none of a list of terms (case-insensitive).</summary>
    Banned,
}
