package keyaccount.hub.api;

import java.util.List;
import java.util.Map;

import keyaccount.hub.core.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** 400 answers: a JSON body naming each bad field. */
@RestControllerAdvice
public class ApiErrors {

    @ExceptionHandler(InvalidRequestException.class)
    public ResponseEntity<Map<String, Object>> invalid(InvalidRequestException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "invalid request",
                "fields", e.errors().stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "invalid request",
                "fields", List.of(Map.of("field", "(body)", "message", "is not a JSON document"))));
    }
}
