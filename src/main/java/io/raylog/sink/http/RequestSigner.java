package io.raylog.sink.http;

import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;

/**
 * Signs a request whose headers and body are final (AWS Signature Version 4 for Amazon OpenSearch Service), adding
 * the headers the signature needs. Called on the sink's event loop; throws when no credentials can be had (the send is
 * then retried).
 */
public interface RequestSigner {
  void sign(FullHttpRequest request, HttpEndpoint endpoint) throws IOException;
}
