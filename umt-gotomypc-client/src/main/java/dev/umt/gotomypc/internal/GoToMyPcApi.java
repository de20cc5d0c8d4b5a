package dev.umt.gotomypc.internal;

import java.util.List;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.PUT;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Url;

/**
 * The Admin API and the token endpoint as {@code gotomypc-api.md} describes them. Paths are
 * relative to the base URL.
 */
public interface GoToMyPcApi {
  String ACCOUNT = "admin/rest/v1/accounts/{accountKey}";

  @FormUrlEncoded
  @POST
  Call<Dto.Token> token(
      @Url String tokenUrl,
      @Header("Authorization") String basic,
      @FieldMap Map<String, String> form);

  @GET("admin/rest/v1/me")
  Call<Dto.Me> me(@Header("Authorization") String bearer);

  @GET(ACCOUNT + "/users")
  Call<Dto.UserPage> users(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Query("offset") int offset,
      @Query("pageSize") int pageSize,
      @Query("filter") String filter,
      @Query("attributes") String attributes);

  @POST(ACCOUNT + "/users")
  Call<List<Dto.CreatedUser>> createUsers(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Body Dto.CreateUsers body);

  @GET(ACCOUNT + "/users/{userKey}")
  Call<Dto.User> user(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Path("userKey") String userKey);

  @PUT(ACCOUNT + "/users/{userKey}")
  Call<Void> updateUser(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Path("userKey") String userKey,
      @Body Dto.UserUpdate body);

  @DELETE(ACCOUNT + "/users/{userKey}")
  Call<Void> deleteUser(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Path("userKey") String userKey);

  @GET(ACCOUNT + "/groups")
  Call<Dto.MapPage> groups(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Query("offset") int offset,
      @Query("pageSize") int pageSize);

  @POST(ACCOUNT + "/groups")
  Call<Map<String, Object>> createGroup(
      @Header("Authorization") String bearer,
      @Path("accountKey") String accountKey,
      @Body Map<String, Object> body);

  @GET(ACCOUNT + "/licenses")
  Call<Dto.MapPage> licenses(
      @Header("Authorization") String bearer, @Path("accountKey") String accountKey);
}
