using AgentFlow.Agents.Guards;
using AgentFlow.Core.Model;
using AgentFlow.Core.Templates;

namespace AgentFlow.Agents.Tests.Guards;

/// <summary>An agent's PII guard reads the spotlighted prompt: the markers themselves must never pass for personal data.</summary>
public sealed class SpotlightMarkerPiiTests
{
    [Fact]
    public void Markers_never_look_like_a_phone_number_card_iban_or_address()
    {
        var detector = new PiiDetector();

        for (var i = 0; i < 5000; i++)
        {
            var markers = SpotlightMarkers.For(SpotlightMode.Delimit, $"run-{i}/draft/1")!;
            var marked = markers.Mark("data");

            Assert.Empty(detector.Detect(marked));
            Assert.Equal("data", SpotlightMarkers.Unmark(marked));
        }
    }
}
