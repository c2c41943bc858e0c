<?php
// FaceVerify's PHP sample (provider-docs/004, "PHP" tab), verbatim as a
// function, driven over JSON lines: one case per stdin line
// {"method","url","body","contentType","apiKey","secret"}, one result per
// stdout line, then a last line {"version": PHP_VERSION}.
//
// The sample reads $parsedUrl['path'] without isset: when parse_url finds no
// path, or returns false for a URL it refuses, PHP raises a warning and the
// value is null, which concatenates as "". That is replicated exactly: the
// warnings are silenced by an error handler and reported per case
// ("warnings"), next to what parse_url returned (path and query as hex, or
// null when absent; "failed" when parse_url returned false).
// Standard library only (php-cli: json, hash).

function generateHmac($httpMethod, $url, $body, $contentType, $xAuthClient, $secretKey) {
    $parsedUrl = parse_url($url);
    $requestPath = $parsedUrl['path'];
    $queryParams = isset($parsedUrl['query']) ? $parsedUrl['query'] : '';

    $dataToHash = $httpMethod . "\n" . $requestPath . "\n" . $queryParams . "\n" . $xAuthClient . "\n" . $contentType . "\n" . $body;

    $hmacSignature = hash_hmac('sha256', $dataToHash, $secretKey);
    return $hmacSignature;
}

$warnings = [];
set_error_handler(function ($errno, $errstr) use (&$warnings) {
    $warnings[] = $errstr;
    return true; // handled: nothing printed, execution goes on as the sample's would
});

while (($line = fgets(STDIN)) !== false) {
    $c = json_decode($line, true, 4, JSON_THROW_ON_ERROR);
    $warnings = [];
    $sig = generateHmac($c['method'], $c['url'], $c['body'], $c['contentType'], $c['apiKey'], $c['secret']);
    $caseWarnings = $warnings;
    $parsed = parse_url($c['url']);
    $warnings = [];
    $result = [
        'sig' => $sig,
        'failed' => $parsed === false,
        'path' => is_array($parsed) && isset($parsed['path']) ? bin2hex($parsed['path']) : null,
        'query' => is_array($parsed) && isset($parsed['query']) ? bin2hex($parsed['query']) : null,
        'warnings' => $caseWarnings,
    ];
    echo json_encode($result, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES), "\n";
}
restore_error_handler();
echo json_encode(['version' => PHP_VERSION]), "\n";
