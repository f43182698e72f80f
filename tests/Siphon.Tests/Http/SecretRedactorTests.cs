using Siphon.Http;
using static Siphon.Tests.Http.Support.HttpTestKit;

namespace Siphon.Tests.Http;

public sealed class SecretRedactorTests
{
    private static readonly object? Spec = Siphon.Values.JsonValues.Parse("""
        {
          "type": "object",
          "properties": {
            "api_key": { "type": "string", "airbyte_secret": true },
            "region": { "type": "string" },
            "credentials": {
              "oneOf": [
                { "properties": { "client_secret": { "airbyte_secret": true } } },
                { "properties": { "password": { "airbyte_secret": true } } }
              ]
            }
          }
        }
        """);

    [Fact]
    public void FromSpec_AirbyteSecretFields_AreRedactedIncludingNestedOnes()
    {
        var redactor = SecretRedactor.FromSpec(Spec, Config("""{"api_key": "key-123", "region": "eu-west", "credentials": {"password": "p@ss word"}}"""));

        Assert.Equal("key=**** region=eu-west pw=****", redactor.Redact("key=key-123 region=eu-west pw=p@ss word"));
    }

    [Fact]
    public void Redact_EncodedForms_AreRedactedToo()
    {
        var redactor = new SecretRedactor();
        redactor.Add("p@ss word");

        Assert.Equal("q=**** form=**** b64=****", redactor.Redact($"q=p%40ss%20word form=p%40ss+word b64={Convert.ToBase64String("p@ss word"u8.ToArray())}"));
        redactor.Add("say \"hi\"");
        Assert.Equal("""{"x":"****"}""", redactor.Redact("""{"x":"say \"hi\""}"""));
    }

    private const string Reserved = "Zq9/TOPSECRET+x=&y?ü k";

    public static TheoryData<string, string> WireEncodings => new()
    {
        { "percent-encoded, non-ASCII left as Uri.ToString() shows it", "token=Zq9%2FTOPSECRET%2Bx%3D%26y%3Fü%20k" },
        { "percent-encoded, UTF-8 bytes", "token=Zq9%2FTOPSECRET%2Bx%3D%26y%3F%C3%BC%20k" },
        { "percent-encoded, lower-case hex", "token=Zq9%2fTOPSECRET%2bx%3d%26y%3f%c3%bc%20k" },
        { "form-encoded, + for space", "token=Zq9%2FTOPSECRET%2Bx%3D%26y%3F%C3%BC+k" },
        { "JSON, upper-case escapes", System.Text.Json.JsonSerializer.Serialize(new { token = Reserved }) },
        { "JSON as Python writes it", "{\"token\": \"Zq9/TOPSECRET+x=&y?\\u00fc k\"}" },
        { "base64 of the secret", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Reserved)) },
        { "base64 of Bearer <secret>", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Bearer " + Reserved)) },
        { "base64 of user:secret", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ada:" + Reserved)) },
        { "URL-safe base64 of user:secret", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("grace:" + Reserved)).Replace('+', '-').Replace('/', '_').TrimEnd('=') },
    };

    [Theory]
    [MemberData(nameof(WireEncodings))]
    public void Redact_SecretWithReservedAndNonAsciiCharacters_NoWireEncodingKeepsItReadable(string encoding, string text)
    {
        var redactor = new SecretRedactor();
        redactor.Add(Reserved);

        var redacted = redactor.Redact($"401: {text} (end)");

        Assert.Contains(SecretRedactor.Mask, redacted);
        Assert.DoesNotContain("TOPSECRET", redacted);
        // What is left of a base64 form is at most the characters shared with its neighbours: no run of the secret's own.
        foreach (var core in new[] { "VE9QU0VDUkVU", "RPUFNFQ1JFV", "UT1BTRUNSRV" })
            Assert.False(redacted.Contains(core, StringComparison.Ordinal), $"{encoding}: {redacted}");
    }

    [Fact]
    public void UrlCredentials_PresignedUrl_ShowsSchemeHostPathAndOnlyTheQueryValuesThatAreNotCredentials()
    {
        var shown = UrlCredentials.Mask(new Uri("https://files.example.com/exports/1.csv.gz?sv=2024&sig=AbC%2Bd3f&X-Amz-Signature=ff00&page=2&X-Amz-Credential=AK%2F1"));

        Assert.Equal("https://files.example.com/exports/1.csv.gz?sv=2024&sig=****&X-Amz-Signature=****&page=2&X-Amz-Credential=****", shown);
    }

    [Fact]
    public void Redact_OverlappingSecrets_LongestMatchWins()
    {
        var redactor = new SecretRedactor();
        redactor.Add("abc");
        redactor.Add("abcdef");

        Assert.Equal("x **** y ****", redactor.Redact("x abcdef y abc"));
    }

    [Fact]
    public void Add_ShortValues_AreIgnoredSoTextStaysReadable()
    {
        var redactor = new SecretRedactor();
        redactor.Add("ab");

        Assert.Equal("ab cab", redactor.Redact("ab cab"));
        Assert.True(redactor.IsEmpty);
    }
}
