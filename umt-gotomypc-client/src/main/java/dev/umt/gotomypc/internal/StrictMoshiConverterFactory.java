package dev.umt.gotomypc.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import java.io.EOFException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * Moshi conversion in which a malformed body is a {@link MalformedResponseException} rather than an
 * {@link java.io.IOException}, so it is not mistaken for a network error and retried.
 */
public final class StrictMoshiConverterFactory extends Converter.Factory {
  private final MoshiConverterFactory delegate;

  public StrictMoshiConverterFactory(Moshi moshi) {
    this.delegate = MoshiConverterFactory.create(moshi);
  }

  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> converter =
        delegate.responseBodyConverter(type, annotations, retrofit);
    return body -> {
      try {
        Object value = converter.convert(body);
        if (value == null) {
          throw new MalformedResponseException("the body is JSON null", null);
        }
        return value;
      } catch (JsonDataException | JsonEncodingException | EOFException e) {
        throw new MalformedResponseException("malformed JSON (" + e.getMessage() + ")", e);
      }
    };
  }

  @Override
  public Converter<?, RequestBody> requestBodyConverter(
      Type type,
      Annotation[] parameterAnnotations,
      Annotation[] methodAnnotations,
      Retrofit retrofit) {
    return delegate.requestBodyConverter(type, parameterAnnotations, methodAnnotations, retrofit);
  }
}
