namespace AgentFlow.Core.Model;

/// <summary>
/// A model-based injection check on top of the rules (<c>classifier</c> of a <c>guard</c> node): the named
/// OpenAI-compatible or Azure OpenAI model scores the text from 0 (benign) to 1 (injection); a score at or above
/// <see cref="Threshold"/> is a <c>classifier</c> finding with the action of the node's <c>injection</c> check
/// (<c>flag</c> when it has none).
/// </summary>
/// <param name="Model">Name of a model declared under <c>models</c>.</param>
/// <param name="Threshold">Score from which the text counts as an injection attempt, 0..1.</param>
/// <param name="JsonPath">Where it is written.</param>
public sealed record GuardClassifier(string Model, double Threshold, string JsonPath);
