package io.loopline.platform.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "API clients", description = "Channel clients (POS, web shop, mini-program) and their keys (CH-1)")
class ClientApi {

  private final ApiClients clients;

  ClientApi(ApiClients clients) {
    this.clients = clients;
  }

  @PostMapping("/api/v1/clients")
  @PreAuthorize("hasAuthority('SCOPE_clients:admin')")
  @Operation(summary = "Register a channel client and issue its API key",
      description = "The key is in this answer only; it is stored hashed. 400 for an unknown scope")
  ResponseEntity<ApiClients.IssuedKey> create(@Valid @RequestBody NewClient request) {
    ApiClients.IssuedKey key = clients.create(request.name(), request.channel(), request.scopes(),
        request.venues() == null ? Set.of() : request.venues());
    return ResponseEntity.created(URI.create("/api/v1/clients/" + key.clientId())).body(key);
  }

  @GetMapping("/api/v1/clients")
  @PreAuthorize("hasAuthority('SCOPE_clients:admin')")
  @Operation(summary = "Every client with its scopes and venues (never its key)")
  List<ApiClients.ClientView> all() {
    return clients.all();
  }

  @DeleteMapping("/api/v1/clients/{id}")
  @PreAuthorize("hasAuthority('SCOPE_clients:admin')")
  @Operation(summary = "Revoke a client's key", description = "409 when already revoked")
  ResponseEntity<Void> revoke(@PathVariable long id) {
    clients.revoke(id);
    return ResponseEntity.noContent().build();
  }

  record NewClient(@NotBlank @Size(max = 60) String name, @Size(max = 40) String channel,
      @NotEmpty @Size(max = 20) Set<@Size(max = 40) String> scopes,
      @Size(max = 200) Set<@Size(max = 40) String> venues) {}
}
